using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class ListSortTieBreak : Migration
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

            // New indexes without statistics beside indexes with them: sample them, as ANALYZE does, in a few milliseconds.
            migrationBuilder.Sql("PRAGMA analysis_limit = 1000; ANALYZE \"IX_Onboardings_CreatedAtUtc_Id\"; ANALYZE \"IX_Onboardings_Stage_CreatedAtUtc_Id\"; " +
                                 "ANALYZE \"IX_Onboardings_Customer_Id\"; ANALYZE \"IX_Onboardings_ProgressPercent_CreatedAtUtc_Id\"; " +
                                 "ANALYZE \"IX_Onboardings_HealthScore_CreatedAtUtc_Id\";");
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
