using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class ItemComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomerRole",
                table: "HandoffItems",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "CustomerSide",
                table: "HandoffItems",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "ItemComments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OnboardingId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AuthorSide = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Visibility = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EditedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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

            // Existing items get what their template shares with the customer (matched by key), as on SQLite.
            migrationBuilder.Sql("""
                UPDATE "HandoffItems" SET "CustomerSide" = 'Business', "CustomerRole" = 'Completes'
                WHERE "Key" IN ('inquiry.contact-type', 'inquiry.use-case', 'inquiry.needs', 'inquiry.go-live-contact', 'inquiry.prepare.top-up', 'inquiry.prepare.trial', 'inquiry.prepare.invoice', 'inquiry.prepare.contract', 'commercial.entity-scope-budget', 'commercial.payment-method', 'invoice.invoice-need', 'invoice.contract-need');
                """);
            migrationBuilder.Sql("""
                UPDATE "HandoffItems" SET "CustomerSide" = 'Business', "CustomerRole" = 'Sees'
                WHERE "Key" IN ('invoice.corporate-payment', 'invoice.reconciliation');
                """);
            migrationBuilder.Sql("""
                UPDATE "HandoffItems" SET "CustomerSide" = 'Technical', "CustomerRole" = 'Completes'
                WHERE "Key" IN ('trial.minimal-request', 'trial.stream', 'trial.insufficient-balance', 'trial.rate-limit', 'trial.main-models');
                """);
            migrationBuilder.Sql("""
                UPDATE "HandoffItems" SET "CustomerSide" = 'Technical', "CustomerRole" = 'Sees'
                WHERE "Key" IN ('trial.account-key-ownership', 'trial.small-traffic-plan', 'commercial.model-quota', 'commercial.high-cost-rules', 'golive.window', 'golive.rollback', 'golive.support-matrix', 'golive.support-fields', 'golive.ramp-plan');
                """);
            migrationBuilder.Sql("""
                UPDATE "HandoffItems" SET "CustomerSide" = 'Both', "CustomerRole" = 'Sees'
                WHERE "Key" IN ('inquiry.safety');
                """);

            // Comments are append-only: edits keep the earlier text in the revision log, and nothing deletes a comment.
            migrationBuilder.Sql("""
                CREATE FUNCTION "ItemComments_NoDelete"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'Comments are append-only: they cannot be deleted.' USING ERRCODE = 'restrict_violation';
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ItemComments_NoDelete" BEFORE DELETE ON "ItemComments"
                    FOR EACH ROW EXECUTE FUNCTION "ItemComments_NoDelete"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"ItemComments_NoDelete\" ON \"ItemComments\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS \"ItemComments_NoDelete\"();");

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
