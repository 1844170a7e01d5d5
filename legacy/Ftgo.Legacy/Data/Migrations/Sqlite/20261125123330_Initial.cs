using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ftgo.Legacy.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "consumers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    first_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consumers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "couriers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
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
                    table.PrimaryKey("pk_couriers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    order_state = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    consumer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    restaurant_id = table.Column<long>(type: "INTEGER", nullable: false),
                    payment_token = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    order_minimum = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    delivery_time = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ready_by = table.Column<DateTime>(type: "TEXT", nullable: true),
                    accept_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    preparing_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ready_for_pickup_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    picked_up_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    delivered_time = table.Column<DateTime>(type: "TEXT", nullable: true),
                    assigned_courier_id = table.Column<long>(type: "INTEGER", nullable: true),
                    city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    street1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    street2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    zip = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "restaurants",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    city = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    street1 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    street2 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    zip = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restaurants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    username = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: false),
                    consumer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    roles = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "courier_actions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    courier_id = table.Column<long>(type: "INTEGER", nullable: false),
                    order_id = table.Column<long>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    time = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_courier_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_courier_actions_couriers_courier_id",
                        column: x => x.courier_id,
                        principalTable: "couriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_line_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    order_id = table.Column<long>(type: "INTEGER", nullable: false),
                    menu_item_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    price = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_line_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_line_items_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "restaurant_menu_items",
                columns: table => new
                {
                    restaurant_id = table.Column<long>(type: "INTEGER", nullable: false),
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    price = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restaurant_menu_items", x => new { x.restaurant_id, x.id });
                    table.ForeignKey(
                        name: "fk_restaurant_menu_items_restaurants_restaurant_id",
                        column: x => x.restaurant_id,
                        principalTable: "restaurants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_courier_actions_courier_id",
                table: "courier_actions",
                column: "courier_id");

            migrationBuilder.CreateIndex(
                name: "ix_courier_actions_order_id",
                table: "courier_actions",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_line_items_order_id",
                table: "order_line_items",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_consumer_id",
                table: "orders",
                column: "consumer_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_username",
                table: "users",
                column: "username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consumers");

            migrationBuilder.DropTable(
                name: "courier_actions");

            migrationBuilder.DropTable(
                name: "order_line_items");

            migrationBuilder.DropTable(
                name: "restaurant_menu_items");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "couriers");

            migrationBuilder.DropTable(
                name: "orders");

            migrationBuilder.DropTable(
                name: "restaurants");
        }
    }
}
