using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScalePageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_AssigneeUserId_Status_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_OwnerRole_Status_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_Status_DueDate",
                table: "HandoffItems");

            // Over complex properties, which EF cannot declare: the blocked onboardings by customer, with their blocked
            // count (the dashboard's blocked list and its total, read from the index alone).
            migrationBuilder.Sql(
                "CREATE INDEX \"IX_Onboardings_Blocked_Customer_Id\" ON \"Onboardings\" (\"Details_Customer\", \"Id\", \"BlockedAtGate\") WHERE \"BlockedAtGate\" > 0;");

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_GoLiveWindowEndUtc",
                table: "Onboardings",
                column: "GoLiveWindowEndUtc");

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_AssigneeUserId_DueDate",
                table: "HandoffItems",
                columns: new[] { "AssigneeUserId", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_Blocked_OnboardingId_Stage_SortOrder",
                table: "HandoffItems",
                columns: new[] { "OnboardingId", "Stage", "SortOrder" },
                filter: "\"Status\" = 'Blocked'");

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_OwnerRole_DueDate",
                table: "HandoffItems",
                columns: new[] { "OwnerRole", "DueDate", "OnboardingId" });

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_Unsettled_AssigneeUserId_DueDate",
                table: "HandoffItems",
                columns: new[] { "AssigneeUserId", "DueDate" },
                filter: "\"Status\" IN ('Open', 'InProgress', 'Blocked')");

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_Unsettled_DueDate",
                table: "HandoffItems",
                columns: new[] { "DueDate", "OnboardingId" },
                filter: "\"Status\" IN ('Open', 'InProgress', 'Blocked')");

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_Unsettled_OwnerRole_DueDate",
                table: "HandoffItems",
                columns: new[] { "OwnerRole", "DueDate", "OnboardingId", "Required" },
                filter: "\"Status\" IN ('Open', 'InProgress', 'Blocked')");

            // New indexes without statistics look more selective to SQLite than they are (a correlated look-up by onboarding
            // and owner role then walked a whole role's items per onboarding): sample them, as ANALYZE does, in a few milliseconds.
            migrationBuilder.Sql("PRAGMA analysis_limit = 1000; ANALYZE \"HandoffItems\"; ANALYZE \"Onboardings\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Onboardings_Blocked_Customer_Id",
                table: "Onboardings");

            migrationBuilder.DropIndex(
                name: "IX_Onboardings_GoLiveWindowEndUtc",
                table: "Onboardings");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_AssigneeUserId_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_Blocked_OnboardingId_Stage_SortOrder",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_OwnerRole_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_Unsettled_AssigneeUserId_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_Unsettled_DueDate",
                table: "HandoffItems");

            migrationBuilder.DropIndex(
                name: "IX_HandoffItems_Unsettled_OwnerRole_DueDate",
                table: "HandoffItems");

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
    }
}
