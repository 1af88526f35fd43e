using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations
{
    /// <inheritdoc />
    public partial class GuestInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ByCustomer",
                table: "RevisionEntries",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "GuestInvitations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OnboardingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    GuestUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ResendCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
