using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ftgo.Delivery.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "delivery_couriers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    available = table.Column<bool>(type: "INTEGER", nullable: false),
                    city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    street1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    street2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    zip = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    first_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_couriers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "delivery_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    restaurant_id = table.Column<long>(type: "INTEGER", nullable: false),
                    promised_delivery_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ready_by = table.Column<DateTime>(type: "TEXT", nullable: true),
                    assigned_courier_id = table.Column<long>(type: "INTEGER", nullable: true),
                    scheduled_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    preparing_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ready_for_pickup_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    picked_up_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    delivered_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    cancelled_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    delivery_city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    delivery_state = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    delivery_street1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    delivery_street2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    delivery_zip = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    pickup_city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    pickup_state = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    pickup_street1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    pickup_street2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    pickup_zip = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "delivery_restaurants",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    street1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    street2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    zip = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_restaurants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "delivery_courier_actions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    courier_id = table.Column<long>(type: "INTEGER", nullable: false),
                    delivery_id = table.Column<long>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    time = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_delivery_courier_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_delivery_courier_actions_delivery_couriers_courier_id",
                        column: x => x.courier_id,
                        principalTable: "delivery_couriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_delivery_courier_actions_courier_id",
                table: "delivery_courier_actions",
                column: "courier_id");

            migrationBuilder.CreateIndex(
                name: "ix_delivery_courier_actions_delivery_id",
                table: "delivery_courier_actions",
                column: "delivery_id");

            migrationBuilder.CreateIndex(
                name: "ix_delivery_deliveries_assigned_courier_id",
                table: "delivery_deliveries",
                column: "assigned_courier_id");

            migrationBuilder.CreateIndex(
                name: "ix_delivery_deliveries_state_promised_delivery_time",
                table: "delivery_deliveries",
                columns: new[] { "state", "promised_delivery_time" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "delivery_courier_actions");

            migrationBuilder.DropTable(
                name: "delivery_deliveries");

            migrationBuilder.DropTable(
                name: "delivery_restaurants");

            migrationBuilder.DropTable(
                name: "delivery_couriers");
        }
    }
}
