using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class OwnerFilterIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_UnsettledRequired_OwnerRole_OnboardingId",
                table: "HandoffItems",
                columns: new[] { "OwnerRole", "OnboardingId" },
                filter: "\"Status\" IN ('Open', 'InProgress', 'Blocked') AND \"Required\"");

            // A new index without statistics beside indexes with them: sample it, as ANALYZE does, in a few milliseconds.
            migrationBuilder.Sql("PRAGMA analysis_limit = 1000; ANALYZE \"IX_HandoffItems_UnsettledRequired_OwnerRole_OnboardingId\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_UnsettledRequired_OwnerRole_OnboardingId",
                table: "HandoffItems");
        }
    }
}
