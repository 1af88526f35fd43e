using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations
{
    /// <summary>
    /// Issue 11: checklist items say what is shared with the customer and whose it is (backfilled from the templates by
    /// key), and items get comments (append-only: a trigger refuses DELETE).
    /// </summary>
    public partial class ItemComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomerRole",
                table: "HandoffItems",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "CustomerSide",
                table: "HandoffItems",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.CreateTable(
                name: "ItemComments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OnboardingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorSide = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Visibility = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EditedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ItemComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ItemComments_HandoffItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "HandoffItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ItemComments_Onboardings_OnboardingId",
                        column: x => x.OnboardingId,
                        principalTable: "Onboardings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ItemComments_ItemId_CreatedAtUtc",
                table: "ItemComments",
                columns: new[] { "ItemId", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ItemComments_OnboardingId_ItemId",
                table: "ItemComments",
                columns: new[] { "OnboardingId", "ItemId" });

            // Items made before templates said what is shared: as their template says now, by key (ChecklistTemplates,
            // issue 11 point 5). Keys no template has keep None (not shown to the customer).
            migrationBuilder.Sql("""
                UPDATE HandoffItems SET CustomerSide = 'Business', CustomerRole = 'Completes'
                WHERE "Key" IN ('inquiry.contact-type', 'inquiry.use-case', 'inquiry.needs', 'inquiry.go-live-contact', 'inquiry.prepare.top-up', 'inquiry.prepare.trial', 'inquiry.prepare.invoice', 'inquiry.prepare.contract', 'commercial.entity-scope-budget', 'commercial.payment-method', 'invoice.invoice-need', 'invoice.contract-need');
                """);
            migrationBuilder.Sql("""
                UPDATE HandoffItems SET CustomerSide = 'Business', CustomerRole = 'Sees'
                WHERE "Key" IN ('invoice.corporate-payment', 'invoice.reconciliation');
                """);
            migrationBuilder.Sql("""
                UPDATE HandoffItems SET CustomerSide = 'Technical', CustomerRole = 'Completes'
                WHERE "Key" IN ('trial.minimal-request', 'trial.stream', 'trial.insufficient-balance', 'trial.rate-limit', 'trial.main-models');
                """);
            migrationBuilder.Sql("""
                UPDATE HandoffItems SET CustomerSide = 'Technical', CustomerRole = 'Sees'
                WHERE "Key" IN ('trial.account-key-ownership', 'trial.small-traffic-plan', 'commercial.model-quota', 'commercial.high-cost-rules', 'golive.window', 'golive.rollback', 'golive.support-matrix', 'golive.support-fields', 'golive.ramp-plan');
                """);
            migrationBuilder.Sql("""
                UPDATE HandoffItems SET CustomerSide = 'Both', CustomerRole = 'Sees'
                WHERE "Key" IN ('inquiry.safety');
                """);

            // Comments are append-only: edits keep the earlier text in the revision log, and nothing deletes a comment.
            migrationBuilder.Sql("""
                CREATE TRIGGER ItemComments_NoDelete BEFORE DELETE ON ItemComments
                BEGIN
                    SELECT RAISE(ABORT, 'Comments are append-only: they cannot be deleted.');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ItemComments_NoDelete;");

            migrationBuilder.DropTable(
                name: "ItemComments");

            migrationBuilder.DropColumn(
                name: "CustomerRole",
                table: "HandoffItems");

            migrationBuilder.DropColumn(
                name: "CustomerSide",
                table: "HandoffItems");
        }
    }
}
