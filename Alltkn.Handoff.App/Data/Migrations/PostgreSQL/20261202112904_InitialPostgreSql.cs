using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations.PostgreSQL
{
    /// <summary>
    /// The whole schema on PostgreSQL, made from the model as of the SQLite DataProtectionKeys migration, plus what SQLite's
    /// migrations add by hand: the indexes over complex properties and the append-only revision log.
    /// </summary>
    public partial class InitialPostgreSql : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IsDisabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MustChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    PreferredLanguage = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    TimeZoneId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DigestSchedules",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    LocalTime = table.Column<TimeOnly>(type: "time without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestSchedules", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "NotificationPreferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Delivery = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationPreferences", x => new { x.UserId, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OutboxMessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OnboardingId = table.Column<Guid>(type: "uuid", nullable: true),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: true),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Link = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Email = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DigestedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Onboardings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Scenario = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Stage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StageBeforeHold = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    HoldReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    GoLiveWindowStartUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    GoLiveWindowEndUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    GoLiveWindowTimeZone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    StageStartedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    HeldSinceUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Details_BaseUrl = table.Column<string>(type: "text", nullable: true),
                    Details_BudgetCycle = table.Column<string>(type: "text", nullable: true),
                    Details_BusinessContact = table.Column<string>(type: "text", nullable: true),
                    Details_Customer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Details_ExpectedGoLiveDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Details_ExpectedModels = table.Column<string>(type: "text", nullable: true),
                    Details_MonthlyBudgetRange = table.Column<string>(type: "text", nullable: true),
                    Details_NeedsContract = table.Column<bool>(type: "boolean", nullable: false),
                    Details_NeedsCorporatePayment = table.Column<bool>(type: "boolean", nullable: false),
                    Details_NeedsInvoice = table.Column<bool>(type: "boolean", nullable: false),
                    Details_PaymentMethod = table.Column<string>(type: "text", nullable: true),
                    Details_ProcurementEntity = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Details_RampPlan = table.Column<string>(type: "text", nullable: true),
                    Details_RollbackConditions = table.Column<string>(type: "text", nullable: true),
                    Details_Sdk = table.Column<string>(type: "text", nullable: true),
                    Details_StatusCodesSeen = table.Column<string>(type: "text", nullable: true),
                    Details_TechnicalContact = table.Column<string>(type: "text", nullable: true),
                    Details_TestPlan = table.Column<string>(type: "text", nullable: true),
                    Details_TroubleshootingFields = table.Column<string>(type: "text", nullable: true),
                    Details_UseCase = table.Column<string>(type: "text", nullable: true),
                    Details_UsesStreaming = table.Column<bool>(type: "boolean", nullable: false),
                    HealthChangesOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Health = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    HealthScore = table.Column<int>(type: "integer", nullable: false),
                    HealthVersion = table.Column<int>(type: "integer", nullable: false),
                    BlockedAtGate = table.Column<int>(type: "integer", nullable: false),
                    BlockedReason = table.Column<string>(type: "character varying(1200)", maxLength: 1200, nullable: true),
                    NextDueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    OpenAtGate = table.Column<int>(type: "integer", nullable: false),
                    ProgressPercent = table.Column<int>(type: "integer", nullable: false),
                    RequiredDone = table.Column<int>(type: "integer", nullable: false),
                    RequiredTotal = table.Column<int>(type: "integer", nullable: false),
                    SummaryVersion = table.Column<int>(type: "integer", nullable: false),
                    WorkingStage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Onboardings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    DedupeKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AttemptCount = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LeaseToken = table.Column<Guid>(type: "uuid", nullable: true),
                    LeaseUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RevisionEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OnboardingId = table.Column<Guid>(type: "uuid", nullable: true),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: true),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Before = table.Column<string>(type: "text", nullable: true),
                    After = table.Column<string>(type: "text", nullable: true),
                    Reason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevisionEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookEndpoints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    EventKinds = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SecretRotatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PausedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PauseReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    FailingSinceUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookEndpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    RequireTwoFactor = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ApiTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Access = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastUsedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RevokedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    ClaimType = table.Column<string>(type: "text", nullable: true),
                    ClaimValue = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    ProviderKey = table.Column<string>(type: "text", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    RoleId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    LoginProvider = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HandoffItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OnboardingId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    Stage = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    OwnerRole = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Required = table.Column<bool>(type: "boolean", nullable: false),
                    EvidenceKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AssigneeUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    AssigneeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StatusReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    CompletedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CompletedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CompletedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HandoffItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HandoffItems_Onboardings_OnboardingId",
                        column: x => x.OnboardingId,
                        principalTable: "Onboardings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyKeys",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OnboardingId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyKeys", x => new { x.UserId, x.Key });
                    table.ForeignKey(
                        name: "FK_IdempotencyKeys_Onboardings_OnboardingId",
                        column: x => x.OnboardingId,
                        principalTable: "Onboardings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SupportAssignments",
                columns: table => new
                {
                    Responsibility = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    OnboardingId = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportAssignments", x => new { x.OnboardingId, x.Responsibility });
                    table.ForeignKey(
                        name: "FK_SupportAssignments_Onboardings_OnboardingId",
                        column: x => x.OnboardingId,
                        principalTable: "Onboardings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutboxAttempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Owner = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxAttempts_OutboxMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "OutboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EndpointId = table.Column<Guid>(type: "uuid", nullable: false),
                    EventId = table.Column<Guid>(type: "uuid", nullable: false),
                    OutboxMessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OnboardingId = table.Column<Guid>(type: "uuid", nullable: false),
                    OnboardingReference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AttemptCount = table.Column<int>(type: "integer", nullable: false),
                    FirstAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DeliveredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveries_WebhookEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "WebhookEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_Hash",
                table: "ApiTokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_UserId",
                table: "ApiTokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

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
                name: "IX_HandoffItems_DueDate",
                table: "HandoffItems",
                column: "DueDate");

            migrationBuilder.CreateIndex(
                name: "IX_HandoffItems_OnboardingId_SortOrder",
                table: "HandoffItems",
                columns: new[] { "OnboardingId", "SortOrder" });

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

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyKeys_OnboardingId",
                table: "IdempotencyKeys",
                column: "OnboardingId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_OutboxMessageId_RecipientId",
                table: "Notifications",
                columns: new[] { "OutboxMessageId", "RecipientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientId_CreatedAtUtc_Id",
                table: "Notifications",
                columns: new[] { "RecipientId", "CreatedAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientId_ReadAtUtc",
                table: "Notifications",
                columns: new[] { "RecipientId", "ReadAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_CreatedAtUtc",
                table: "Onboardings",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_GoLiveWindowEndUtc",
                table: "Onboardings",
                column: "GoLiveWindowEndUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Onboardings_Stage_CreatedAtUtc",
                table: "Onboardings",
                columns: new[] { "Stage", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxAttempts_MessageId_Number",
                table: "OutboxAttempts",
                columns: new[] { "MessageId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_DedupeKey",
                table: "OutboxMessages",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_LeaseToken",
                table: "OutboxMessages",
                column: "LeaseToken");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_State_NextAttemptAtUtc",
                table: "OutboxMessages",
                columns: new[] { "State", "NextAttemptAtUtc" });

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
                name: "IX_WebhookDeliveries_EndpointId_CreatedAtUtc_Id",
                table: "WebhookDeliveries",
                columns: new[] { "EndpointId", "CreatedAtUtc", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_OutboxMessageId",
                table: "WebhookDeliveries",
                column: "OutboxMessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEndpoints_CreatedAtUtc",
                table: "WebhookEndpoints",
                column: "CreatedAtUtc");

            // Indexes over complex-property columns, which the model cannot declare (see OnboardingConfiguration): the same
            // as SQLite's ScaleReadModels, DueDatesAndHealth and ScalePageIndexes migrations add by hand.
            migrationBuilder.CreateIndex(name: "IX_Onboardings_ProgressPercent_CreatedAtUtc", table: "Onboardings", columns: ["ProgressPercent", "CreatedAtUtc"]);
            migrationBuilder.CreateIndex(name: "IX_Onboardings_NextDueDate", table: "Onboardings", column: "NextDueDate");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_BlockedAtGate", table: "Onboardings", column: "BlockedAtGate");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_SummaryVersion", table: "Onboardings", column: "SummaryVersion");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_Customer", table: "Onboardings", column: "Details_Customer");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_ExpectedGoLiveDate", table: "Onboardings", column: "Details_ExpectedGoLiveDate");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_HealthScore_CreatedAtUtc", table: "Onboardings", columns: ["HealthScore", "CreatedAtUtc"]);
            migrationBuilder.CreateIndex(name: "IX_Onboardings_HealthChangesOn", table: "Onboardings", column: "HealthChangesOn");
            migrationBuilder.CreateIndex(name: "IX_Onboardings_HealthVersion", table: "Onboardings", column: "HealthVersion");
            migrationBuilder.Sql(
                "CREATE INDEX \"IX_Onboardings_Blocked_Customer_Id\" ON \"Onboardings\" (\"Details_Customer\", \"Id\", \"BlockedAtGate\") WHERE \"BlockedAtGate\" > 0;");

            // The revision log is append-only, as on SQLite (RevisionLogAppendOnly): the database itself refuses UPDATE,
            // DELETE (and TRUNCATE, which SQLite does not have) on it.
            migrationBuilder.Sql("""
                CREATE FUNCTION "RevisionEntries_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        RAISE EXCEPTION 'The revision log is append-only: entries cannot be changed.' USING ERRCODE = 'restrict_violation';
                    END IF;
                    RAISE EXCEPTION 'The revision log is append-only: entries cannot be deleted.' USING ERRCODE = 'restrict_violation';
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "RevisionEntries_NoUpdate" BEFORE UPDATE ON "RevisionEntries"
                    FOR EACH ROW EXECUTE FUNCTION "RevisionEntries_AppendOnly"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "RevisionEntries_NoDelete" BEFORE DELETE ON "RevisionEntries"
                    FOR EACH ROW EXECUTE FUNCTION "RevisionEntries_AppendOnly"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "RevisionEntries_NoTruncate" BEFORE TRUNCATE ON "RevisionEntries"
                    FOR EACH STATEMENT EXECUTE FUNCTION "RevisionEntries_AppendOnly"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"RevisionEntries_NoTruncate\" ON \"RevisionEntries\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"RevisionEntries_NoDelete\" ON \"RevisionEntries\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"RevisionEntries_NoUpdate\" ON \"RevisionEntries\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS \"RevisionEntries_AppendOnly\"();");

            migrationBuilder.DropTable(
                name: "ApiTokens");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DigestSchedules");

            migrationBuilder.DropTable(
                name: "HandoffItems");

            migrationBuilder.DropTable(
                name: "IdempotencyKeys");

            migrationBuilder.DropTable(
                name: "NotificationPreferences");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "OutboxAttempts");

            migrationBuilder.DropTable(
                name: "RevisionEntries");

            migrationBuilder.DropTable(
                name: "SupportAssignments");

            migrationBuilder.DropTable(
                name: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "WorkspaceSettings");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "Onboardings");

            migrationBuilder.DropTable(
                name: "WebhookEndpoints");
        }
    }
}
