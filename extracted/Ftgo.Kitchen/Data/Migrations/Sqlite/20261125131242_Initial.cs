using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ftgo.Kitchen.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kitchen_tickets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    restaurant_id = table.Column<long>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    previous_state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ready_by = table.Column<DateTime>(type: "TEXT", nullable: true),
                    accept_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    preparing_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ready_for_pickup_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    picked_up_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kitchen_tickets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "kitchen_ticket_line_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ticket_id = table.Column<long>(type: "INTEGER", nullable: false),
                    menu_item_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kitchen_ticket_line_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_kitchen_ticket_line_items_kitchen_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalTable: "kitchen_tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_kitchen_ticket_line_items_ticket_id",
                table: "kitchen_ticket_line_items",
                column: "ticket_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kitchen_ticket_line_items");

            migrationBuilder.DropTable(
                name: "kitchen_tickets");
        }
    }
}
