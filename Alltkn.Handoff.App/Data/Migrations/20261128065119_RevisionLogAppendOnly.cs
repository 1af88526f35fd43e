using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Alltkn.Handoff.App.Data.Migrations
{
    /// <summary>The revision log is append-only: the database itself refuses UPDATE and DELETE on it.</summary>
    public partial class RevisionLogAppendOnly : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER RevisionEntries_NoUpdate BEFORE UPDATE ON RevisionEntries
                BEGIN
                    SELECT RAISE(ABORT, 'The revision log is append-only: entries cannot be changed.');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER RevisionEntries_NoDelete BEFORE DELETE ON RevisionEntries
                BEGIN
                    SELECT RAISE(ABORT, 'The revision log is append-only: entries cannot be deleted.');
                END;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS RevisionEntries_NoUpdate;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS RevisionEntries_NoDelete;");
        }
    }
}
