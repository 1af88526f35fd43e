using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class DueDatesAndHealth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Health",
                table: "Onboardings",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "NotTracked");

            migrationBuilder.AddColumn<DateOnly>(
                name: "HealthChangesOn",
                table: "Onboardings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HealthScore",
                table: "Onboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "HealthVersion",
                table: "Onboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "HeldSinceUtc",
                table: "Onboardings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "StageStartedOn",
                table: "Onboardings",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            // Existing rows: the working stage started on the day of the last move into it (the day opened for Inquiry),
            // an onboarding on hold has been held since its last Hold. Due dates people typed stay as they are; health
            // (HealthVersion 0) is computed by the domain at start-up (DataSetup.RefreshGateSummariesAsync).
            migrationBuilder.Sql("""
                UPDATE "Onboardings" SET "StageStartedOn" = COALESCE(
                    (SELECT date(MAX(r."AtUtc")) FROM "RevisionEntries" AS r
                     WHERE r."OnboardingId" = "Onboardings"."Id" AND r."Kind" = 'StageMoved' AND r."Subject" <> 'Resume'
                       AND r."After" = CASE WHEN "Onboardings"."Stage" = 'OnHold' THEN "Onboardings"."StageBeforeHold" ELSE "Onboardings"."Stage" END),
                    date("Onboardings"."CreatedAtUtc"));
                """);
            migrationBuilder.Sql("""
                UPDATE "Onboardings" SET "HeldSinceUtc" =
                    (SELECT MAX(r."AtUtc") FROM "RevisionEntries" AS r
                     WHERE r."OnboardingId" = "Onboardings"."Id" AND r."Kind" = 'StageMoved' AND r."Subject" = 'Hold')
                WHERE "Stage" = 'OnHold';
                """);

            // Indexes over complex-property columns, which the model cannot declare (see OnboardingConfiguration).
            migrationBuilder.CreateIndex(name: "IX_Onboardings_HealthScore_CreatedAtUtc", table: "Onboardings", columns: ["HealthScore", "CreatedAtUtc"]);
            migrationBuilder.CreateIndex(name: "IX_Onboardings_HealthChangesOn", table: "Onboardings", column: "HealthChangesOn");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_HealthVersion", table: "Onboardings", column: "HealthVersion");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var index in new[] { "IX_Onboardings_HealthScore_CreatedAtUtc", "IX_Onboardings_HealthChangesOn", "IX_Onboardings_HealthVersion" })
            {
                migrationBuilder.DropIndex(name: index, table: "Onboardings");
            }

            migrationBuilder.DropColumn(
                name: "Health",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "HealthChangesOn",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "HealthScore",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "HealthVersion",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "HeldSinceUtc",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "StageStartedOn",
                table: "Onboardings");
        }
    }
}
