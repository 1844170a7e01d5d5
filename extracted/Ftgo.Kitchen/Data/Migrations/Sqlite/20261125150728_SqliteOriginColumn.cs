using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ftgo.Kitchen.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SqliteOriginColumn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "kitchen_tickets",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "kitchen_ticket_line_items",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "origin",
                table: "kitchen_tickets");

            migrationBuilder.DropColumn(
                name: "origin",
                table: "kitchen_ticket_line_items");
        }
    }
}
