using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ftgo.Legacy.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GlueAppliedVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "glue_applied_versions",
                schema: "ftgo",
                columns: table => new
                {
                    stream = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    aggregate_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_glue_applied_versions", x => new { x.stream, x.aggregate_id });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "glue_applied_versions",
                schema: "ftgo");
        }
    }
}
