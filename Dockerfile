# Alltkn Handoff in a container. NOT built or run where it was written (no container engine there):
# build it once and check /health before relying on it. See README, "Running in production".
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props appsettings.json ./
COPY Alltkn.Handoff.Domain/Alltkn.Handoff.Domain.csproj Alltkn.Handoff.Domain/
COPY Alltkn.Handoff.App/Alltkn.Handoff.App.csproj Alltkn.Handoff.App/
RUN dotnet restore Alltkn.Handoff.App/Alltkn.Handoff.App.csproj
COPY Alltkn.Handoff.Domain/ Alltkn.Handoff.Domain/
COPY Alltkn.Handoff.App/ Alltkn.Handoff.App/
RUN dotnet publish Alltkn.Handoff.App/Alltkn.Handoff.App.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The database and its data-protection keys (keys/ beside the database) live in the volume.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
ENV ASPNETCORE_URLS=http://+:8080 \
    Handoff__DatabasePath=/data/handoff.db
USER app
EXPOSE 8080
# The ASP.NET image has no curl or wget: let the orchestrator or proxy probe GET /health (port 8080).
ENTRYPOINT ["dotnet", "Alltkn.Handoff.App.dll"]
