using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ftgo.Kitchen.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "kitchen");

            migrationBuilder.CreateTable(
                name: "tickets",
                schema: "kitchen",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    restaurant_id = table.Column<long>(type: "bigint", nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    previous_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ready_by = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    accept_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    preparing_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    ready_for_pickup_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    picked_up_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tickets", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ticket_line_items",
                schema: "kitchen",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ticket_id = table.Column<long>(type: "bigint", nullable: false),
                    menu_item_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ticket_line_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_ticket_line_items_tickets_ticket_id",
                        column: x => x.ticket_id,
                        principalSchema: "kitchen",
                        principalTable: "tickets",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ticket_line_items_ticket_id",
                schema: "kitchen",
                table: "ticket_line_items",
                column: "ticket_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ticket_line_items",
                schema: "kitchen");

            migrationBuilder.DropTable(
                name: "tickets",
                schema: "kitchen");
        }
    }
}
