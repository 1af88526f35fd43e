using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations.PostgreSQL
{
    /// <inheritdoc />
    public partial class GuestInvitationsPostgreSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ByCustomer",
                table: "RevisionEntries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "GuestInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OnboardingId = table.Column<Guid>(type: "uuid", nullable: false),
                    Side = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UsedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    GuestUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ResendCount = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GuestInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GuestInvitations_Onboardings_OnboardingId",
                        column: x => x.OnboardingId,
                        principalTable: "Onboardings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GuestInvitations_Email",
                table: "GuestInvitations",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_GuestInvitations_GuestUserId",
                table: "GuestInvitations",
                column: "GuestUserId");

            migrationBuilder.CreateIndex(
                name: "IX_GuestInvitations_OnboardingId",
                table: "GuestInvitations",
                column: "OnboardingId");

            migrationBuilder.CreateIndex(
                name: "IX_GuestInvitations_TokenHash",
                table: "GuestInvitations",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GuestInvitations");

            migrationBuilder.DropColumn(
                name: "ByCustomer",
                table: "RevisionEntries");
        }
    }
}
