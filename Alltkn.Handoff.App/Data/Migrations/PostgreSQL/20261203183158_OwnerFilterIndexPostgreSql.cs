using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class OwnerFilterIndexPostgreSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_UnsettledRequired_OwnerRole_OnboardingId",
                table: "HandoffItems",
                columns: new[] { "OwnerRole", "OnboardingId" },
                filter: "\"Status\" IN ('Open', 'InProgress', 'Blocked') AND \"Required\"");
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
