#!/usr/bin/env bash
# Regenerates EF Core's compiled models of AppDbContext, one per provider (Sqlite/, PostgreSQL/), after any change to the
# model (Data/Configurations, AppDbContext, an entity's mapped properties). DataSetup hands the active provider's to
# UseModel, so that the first use of the database does not build the model (about half of a cold start).
# CompiledModelTests fails while they are out of date. Run from anywhere: Alltkn.Handoff.App/Data/CompiledModels/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
project=Alltkn.Handoff.App
out=Data/CompiledModels

dotnet tool restore >/dev/null
# Build without the old compiled models (after a model change they may not compile), then scaffold from that build.
dotnet build "$project" -p:HandoffCompiledModels=false -v q -nologo

scaffold() {
    local provider=$1; shift
    rm -rf "${project:?}/$out/$provider"
    dotnet ef dbcontext optimize --no-build --project "$project" --startup-project "$project" \
        --output-dir "$out/$provider" --namespace "Alltkn.Handoff.App.Data.CompiledModels.$provider" "$@"
    # DataSetup picks the model by provider (UseModel). The generated [assembly: DbContextModel] would make EF pick one
    # by itself for every context without UseModel, and two of them for one context make EF refuse to start.
    rm -f "$project/$out/$provider/AppDbContextAssemblyAttributes.cs"
}

scaffold Sqlite
scaffold PostgreSQL -- --Handoff:Database:Provider=PostgreSQL "--ConnectionStrings:Handoff=Host=localhost;Database=handoff"

echo "Compiled models regenerated in $project/$out (Sqlite, PostgreSQL): build, run CompiledModelTests, commit them."
