using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class ListSortTieBreakPostgreSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Onboardings_CreatedAtUtc",
                table: "Onboardings");

            migrationBuilder.DropIndex(
                name: "IX_Onboardings_Stage_CreatedAtUtc",
                table: "Onboardings");

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_CreatedAtUtc_Id",
                table: "Onboardings",
                columns: new[] { "CreatedAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_Stage_CreatedAtUtc_Id",
                table: "Onboardings",
                columns: new[] { "Stage", "CreatedAtUtc", "Id" });

            // The list's other sorts (by customer, progress, health) end in the id as well; EF cannot declare indexes over
            // complex properties, so these are made here by hand, as ScaleReadModels and DueDatesAndHealth made them.
            migrationBuilder.DropIndex(name: "IX_Onboardings_Customer", table: "Onboardings");
            migrationBuilder.DropIndex(name: "IX_Onboardings_ProgressPercent_CreatedAtUtc", table: "Onboardings");
            migrationBuilder.DropIndex(name: "IX_Onboardings_HealthScore_CreatedAtUtc", table: "Onboardings");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_Customer_Id", table: "Onboardings", columns: ["Details_Customer", "Id"]);
            migrationBuilder.CreateIndex(name: "IX_Onboardings_ProgressPercent_CreatedAtUtc_Id", table: "Onboardings", columns: ["ProgressPercent", "CreatedAtUtc", "Id"]);
            migrationBuilder.CreateIndex(name: "IX_Onboardings_HealthScore_CreatedAtUtc_Id", table: "Onboardings", columns: ["HealthScore", "CreatedAtUtc", "Id"]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Onboardings_CreatedAtUtc_Id",
                table: "Onboardings");

            migrationBuilder.DropIndex(
                name: "IX_Onboardings_Stage_CreatedAtUtc_Id",
                table: "Onboardings");

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_CreatedAtUtc",
                table: "Onboardings",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_Stage_CreatedAtUtc",
                table: "Onboardings",
                columns: new[] { "Stage", "CreatedAtUtc" });

            migrationBuilder.DropIndex(name: "IX_Onboardings_Customer_Id", table: "Onboardings");
            migrationBuilder.DropIndex(name: "IX_Onboardings_ProgressPercent_CreatedAtUtc_Id", table: "Onboardings");
            migrationBuilder.DropIndex(name: "IX_Onboardings_HealthScore_CreatedAtUtc_Id", table: "Onboardings");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_Customer", table: "Onboardings", column: "Details_Customer");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_ProgressPercent_CreatedAtUtc", table: "Onboardings", columns: ["ProgressPercent", "CreatedAtUtc"]);
            migrationBuilder.CreateIndex(name: "IX_Onboardings_HealthScore_CreatedAtUtc", table: "Onboardings", columns: ["HealthScore", "CreatedAtUtc"]);
        }
    }
}
