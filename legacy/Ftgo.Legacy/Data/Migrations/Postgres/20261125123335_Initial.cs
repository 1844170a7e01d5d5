using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ftgo.Legacy.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "ftgo");

            migrationBuilder.CreateTable(
                name: "consumers",
                schema: "ftgo",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consumers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "couriers",
                schema: "ftgo",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    available = table.Column<bool>(type: "boolean", nullable: false),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    street1 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    street2 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    zip = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_couriers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "orders",
                schema: "ftgo",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    version = table.Column<int>(type: "integer", nullable: false),
                    order_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    consumer_id = table.Column<long>(type: "bigint", nullable: false),
                    restaurant_id = table.Column<long>(type: "bigint", nullable: false),
                    payment_token = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    order_minimum = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    delivery_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    ready_by = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    accept_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    preparing_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    ready_for_pickup_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    picked_up_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    delivered_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    assigned_courier_id = table.Column<long>(type: "bigint", nullable: true),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    street1 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    street2 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    zip = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "restaurants",
                schema: "ftgo",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    street1 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    street2 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    zip = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restaurants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                schema: "ftgo",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    username = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: false),
                    consumer_id = table.Column<long>(type: "bigint", nullable: true),
                    roles = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "courier_actions",
                schema: "ftgo",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    courier_id = table.Column<long>(type: "bigint", nullable: false),
                    order_id = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    time = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_courier_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_courier_actions_couriers_courier_id",
                        column: x => x.courier_id,
                        principalSchema: "ftgo",
                        principalTable: "couriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_line_items",
                schema: "ftgo",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    order_id = table.Column<long>(type: "bigint", nullable: false),
                    menu_item_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_line_items", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_line_items_orders_order_id",
                        column: x => x.order_id,
                        principalSchema: "ftgo",
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "restaurant_menu_items",
                schema: "ftgo",
                columns: table => new
                {
                    restaurant_id = table.Column<long>(type: "bigint", nullable: false),
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    price = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restaurant_menu_items", x => new { x.restaurant_id, x.id });
                    table.ForeignKey(
                        name: "fk_restaurant_menu_items_restaurants_restaurant_id",
                        column: x => x.restaurant_id,
                        principalSchema: "ftgo",
                        principalTable: "restaurants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_courier_actions_courier_id",
                schema: "ftgo",
                table: "courier_actions",
                column: "courier_id");

            migrationBuilder.CreateIndex(
                name: "ix_courier_actions_order_id",
                schema: "ftgo",
                table: "courier_actions",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_line_items_order_id",
                schema: "ftgo",
                table: "order_line_items",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_consumer_id",
                schema: "ftgo",
                table: "orders",
                column: "consumer_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_username",
                schema: "ftgo",
                table: "users",
                column: "username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "consumers",
                schema: "ftgo");

            migrationBuilder.DropTable(
                name: "courier_actions",
                schema: "ftgo");

            migrationBuilder.DropTable(
                name: "order_line_items",
                schema: "ftgo");

            migrationBuilder.DropTable(
                name: "restaurant_menu_items",
                schema: "ftgo");

            migrationBuilder.DropTable(
                name: "users",
                schema: "ftgo");

            migrationBuilder.DropTable(
                name: "couriers",
                schema: "ftgo");

            migrationBuilder.DropTable(
                name: "orders",
                schema: "ftgo");

            migrationBuilder.DropTable(
                name: "restaurants",
                schema: "ftgo");
        }
    }
}
