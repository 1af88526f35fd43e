namespace Alltkn.Handoff.App.Data.Migrations;

/// <summary>
/// The data fix of the <c>GoLiveFieldsAsEvidence</c> migrations (SQLite and PostgreSQL run the same statements): the go-live
/// window, the support matrix and the rollback conditions became their items' evidence. For onboardings already stored:
/// the rollback item's evidence kind becomes <c>RollbackConditions</c>; rollback conditions typed only as the item's
/// evidence become the field (so nothing written is lost); each of the three items of an onboarding not yet live (nor
/// cancelled) follows its field as the domain now keeps it — Done, attributed to whoever last changed the field (from the
/// revision log), when the field is filled; Open when it is not — and keeps no typed copy of the field. Gate summaries are
/// recomputed at start-up (GateSummary version 2), health too (HealthVersion 0 on the rows touched).
/// </summary>
internal static class GoLiveFieldsAsEvidenceSql
{
    private const string Live = "o.\"Stage\" NOT IN ('Live', 'Cancelled')";

    private static readonly (string Key, string Filled, string Revision)[] Fields =
    [
        ("golive.window", "o.\"GoLiveWindowStartUtc\" IS NOT NULL",
            "r.\"Kind\" = 'FieldChanged' AND r.\"Subject\" = 'GoLiveWindow'"),
        ("golive.support-matrix", "(SELECT COUNT(*) FROM \"SupportAssignments\" s WHERE s.\"OnboardingId\" = o.\"Id\") >= 6",
            "r.\"Kind\" = 'SupportMatrixChanged'"),
        ("golive.rollback", "(o.\"Details_RollbackConditions\" IS NOT NULL AND TRIM(o.\"Details_RollbackConditions\") <> '')",
            "r.\"Kind\" = 'FieldChanged' AND r.\"Subject\" = 'RollbackConditions'"),
    ];

    public static IEnumerable<string> Up()
    {
        yield return "UPDATE \"HandoffItems\" SET \"EvidenceKind\" = 'RollbackConditions' WHERE \"Key\" = 'golive.rollback';";

        const string typed = "i.\"OnboardingId\" = \"Onboardings\".\"Id\" AND i.\"Key\" = 'golive.rollback' AND i.\"Evidence\" IS NOT NULL AND TRIM(i.\"Evidence\") <> ''";
        yield return $"""
            UPDATE "Onboardings" SET
                "Details_RollbackConditions" = (SELECT i."Evidence" FROM "HandoffItems" i WHERE {typed} LIMIT 1),
                "Version" = "Version" + 1
            WHERE ("Details_RollbackConditions" IS NULL OR TRIM("Details_RollbackConditions") = '')
              AND EXISTS (SELECT 1 FROM "HandoffItems" i WHERE {typed});
            """;

        foreach (var (key, filled, revision) in Fields)
        {
            string Last(string column) =>
                $"(SELECT r.\"{column}\" FROM \"RevisionEntries\" r WHERE r.\"OnboardingId\" = \"HandoffItems\".\"OnboardingId\" AND {revision} ORDER BY r.\"AtUtc\" DESC LIMIT 1)";
            yield return $"""
                UPDATE "HandoffItems" SET
                    "Status" = 'Done', "StatusReason" = NULL,
                    "CompletedById" = {Last("ActorId")}, "CompletedByName" = {Last("ActorName")},
                    "CompletedAtUtc" = COALESCE({Last("AtUtc")}, CURRENT_TIMESTAMP),
                    "Version" = "Version" + 1
                WHERE "Key" = '{key}' AND "Status" NOT IN ('Done', 'NotApplicable')
                  AND EXISTS (SELECT 1 FROM "Onboardings" o WHERE o."Id" = "HandoffItems"."OnboardingId" AND {Live} AND {filled});
                """;
            yield return $"""
                UPDATE "HandoffItems" SET
                    "Status" = 'Open', "CompletedById" = NULL, "CompletedByName" = NULL, "CompletedAtUtc" = NULL,
                    "Version" = "Version" + 1
                WHERE "Key" = '{key}' AND "Status" = 'Done'
                  AND EXISTS (SELECT 1 FROM "Onboardings" o WHERE o."Id" = "HandoffItems"."OnboardingId" AND {Live} AND NOT {filled});
                """;
        }

        yield return """
            UPDATE "HandoffItems" SET "Evidence" = NULL, "Version" = "Version" + 1
            WHERE "Key" IN ('golive.window', 'golive.support-matrix', 'golive.rollback') AND "Evidence" IS NOT NULL;
            """;
        yield return "UPDATE \"Onboardings\" SET \"HealthVersion\" = 0 WHERE \"Stage\" NOT IN ('Live', 'Cancelled');";
    }

    /// <summary>Back to the old kind; statuses stay (the old rules accept an item done with its field filled).</summary>
    public static IEnumerable<string> Down()
    {
        yield return "UPDATE \"HandoffItems\" SET \"EvidenceKind\" = 'TechnicalNote' WHERE \"Key\" = 'golive.rollback';";
    }
}
