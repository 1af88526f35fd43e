using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScaleReadModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RevisionEntries_ActorId_AtUtc",
                table: "RevisionEntries");

            migrationBuilder.DropIndex(
                name: "IX_RevisionEntries_AtUtc",
                table: "RevisionEntries");

            migrationBuilder.DropIndex(
                name: "IX_RevisionEntries_OnboardingId_AtUtc",
                table: "RevisionEntries");

            migrationBuilder.DropIndex(
                name: "IX_Onboardings_Stage",
                table: "Onboardings");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_AssigneeUserId",
                table: "HandoffItems");

            migrationBuilder.AddColumn<int>(
                name: "BlockedAtGate",
                table: "Onboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "BlockedReason",
                table: "Onboardings",
                type: "TEXT",
                maxLength: 1200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NextDueDate",
                table: "Onboardings",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "OpenAtGate",
                table: "Onboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ProgressPercent",
                table: "Onboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RequiredDone",
                table: "Onboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RequiredTotal",
                table: "Onboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SummaryVersion",
                table: "Onboardings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "WorkingStage",
                table: "Onboardings",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "Inquiry");

            // Existing rows: the working stage now; the rest of the summary is computed by the domain at start-up
            // (DataSetup.RefreshGateSummariesAsync loads every onboarding whose SummaryVersion is older and refreshes it).
            migrationBuilder.Sql(
                "UPDATE \"Onboardings\" SET \"WorkingStage\" = CASE WHEN \"Stage\" = 'OnHold' THEN COALESCE(\"StageBeforeHold\", 'Inquiry') ELSE \"Stage\" END;");

            // Indexes over complex-property columns, which the model cannot declare (see OnboardingConfiguration).
            migrationBuilder.CreateIndex(name: "IX_Onboardings_ProgressPercent_CreatedAtUtc", table: "Onboardings", columns: ["ProgressPercent", "CreatedAtUtc"]);
            migrationBuilder.CreateIndex(name: "IX_Onboardings_NextDueDate", table: "Onboardings", column: "NextDueDate");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_BlockedAtGate", table: "Onboardings", column: "BlockedAtGate");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_SummaryVersion", table: "Onboardings", column: "SummaryVersion");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_Customer", table: "Onboardings", column: "Details_Customer");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_ExpectedGoLiveDate", table: "Onboardings", column: "Details_ExpectedGoLiveDate");

            migrationBuilder.CreateIndex(
                name: "IX_RevisionEntries_ActorId_AtUtc_Id",
                table: "RevisionEntries",
                columns: new[] { "ActorId", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RevisionEntries_AtUtc_Id",
                table: "RevisionEntries",
                columns: new[] { "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RevisionEntries_Kind_AtUtc_Id",
                table: "RevisionEntries",
                columns: new[] { "Kind", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RevisionEntries_OnboardingId_AtUtc_Id",
                table: "RevisionEntries",
                columns: new[] { "OnboardingId", "AtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_CreatedAtUtc",
                table: "Onboardings",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_Stage_CreatedAtUtc",
                table: "Onboardings",
                columns: new[] { "Stage", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_AssigneeUserId_Status_DueDate",
                table: "HandoffItems",
                columns: new[] { "AssigneeUserId", "Status", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_OwnerRole_Status_DueDate",
                table: "HandoffItems",
                columns: new[] { "OwnerRole", "Status", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_Status_DueDate",
                table: "HandoffItems",
                columns: new[] { "Status", "DueDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var index in new[] { "IX_Onboardings_ProgressPercent_CreatedAtUtc", "IX_Onboardings_NextDueDate", "IX_Onboardings_BlockedAtGate",
                         "IX_Onboardings_SummaryVersion", "IX_Onboardings_Customer", "IX_Onboardings_ExpectedGoLiveDate" })
            {
                migrationBuilder.DropIndex(name: index, table: "Onboardings");
            }

            migrationBuilder.DropIndex(
                name: "IX_RevisionEntries_ActorId_AtUtc_Id",
                table: "RevisionEntries");

            migrationBuilder.DropIndex(
                name: "IX_RevisionEntries_AtUtc_Id",
                table: "RevisionEntries");

            migrationBuilder.DropIndex(
                name: "IX_RevisionEntries_Kind_AtUtc_Id",
                table: "RevisionEntries");

            migrationBuilder.DropIndex(
                name: "IX_RevisionEntries_OnboardingId_AtUtc_Id",
                table: "RevisionEntries");

            migrationBuilder.DropIndex(
                name: "IX_Onboardings_CreatedAtUtc",
                table: "Onboardings");

            migrationBuilder.DropIndex(
                name: "IX_Onboardings_Stage_CreatedAtUtc",
                table: "Onboardings");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_AssigneeUserId_Status_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_OwnerRole_Status_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_Status_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropColumn(
                name: "BlockedAtGate",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "BlockedReason",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "NextDueDate",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "OpenAtGate",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "ProgressPercent",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "RequiredDone",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "RequiredTotal",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "SummaryVersion",
                table: "Onboardings");

            migrationBuilder.DropColumn(
                name: "WorkingStage",
                table: "Onboardings");

            migrationBuilder.CreateIndex(
                name: "IX_RevisionEntries_ActorId_AtUtc",
                table: "RevisionEntries",
                columns: new[] { "ActorId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_RevisionEntries_AtUtc",
                table: "RevisionEntries",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_RevisionEntries_OnboardingId_AtUtc",
                table: "RevisionEntries",
                columns: new[] { "OnboardingId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_Stage",
                table: "Onboardings",
                column: "Stage");

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_AssigneeUserId",
                table: "HandoffItems",
                column: "AssigneeUserId");
        }
    }
}
