using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ftgo.Kitchen.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresOriginColumn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "origin",
                schema: "kitchen",
                table: "tickets",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                schema: "kitchen",
                table: "ticket_line_items",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "origin",
                schema: "kitchen",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "origin",
                schema: "kitchen",
                table: "ticket_line_items");
        }
    }
}
