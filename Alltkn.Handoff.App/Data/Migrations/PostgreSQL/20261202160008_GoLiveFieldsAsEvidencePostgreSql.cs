using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class GoLiveFieldsAsEvidencePostgreSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Data only (the model is unchanged): see GoLiveFieldsAsEvidenceSql.
            foreach (var statement in GoLiveFieldsAsEvidenceSql.Up())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var statement in GoLiveFieldsAsEvidenceSql.Down())
            {
                migrationBuilder.Sql(statement);
            }
        }
    }
}
