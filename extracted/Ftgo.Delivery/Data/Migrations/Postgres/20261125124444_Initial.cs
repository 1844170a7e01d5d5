using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Ftgo.Delivery.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "delivery");

            migrationBuilder.CreateTable(
                name: "couriers",
                schema: "delivery",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    version = table.Column<int>(type: "integer", nullable: false),
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
                name: "deliveries",
                schema: "delivery",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    restaurant_id = table.Column<long>(type: "bigint", nullable: false),
                    promised_delivery_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: false),
                    ready_by = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    assigned_courier_id = table.Column<long>(type: "bigint", nullable: true),
                    scheduled_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    preparing_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    ready_for_pickup_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    picked_up_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    delivered_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    cancelled_time = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    delivery_city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    delivery_state = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    delivery_street1 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    delivery_street2 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    delivery_zip = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    pickup_city = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    pickup_state = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    pickup_street1 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    pickup_street2 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    pickup_zip = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deliveries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "restaurants",
                schema: "delivery",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
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
                name: "courier_actions",
                schema: "delivery",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    courier_id = table.Column<long>(type: "bigint", nullable: false),
                    delivery_id = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    time = table.Column<DateTime>(type: "timestamp without time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_courier_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_courier_actions_couriers_courier_id",
                        column: x => x.courier_id,
                        principalSchema: "delivery",
                        principalTable: "couriers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_courier_actions_courier_id",
                schema: "delivery",
                table: "courier_actions",
                column: "courier_id");

            migrationBuilder.CreateIndex(
                name: "ix_courier_actions_delivery_id",
                schema: "delivery",
                table: "courier_actions",
                column: "delivery_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_assigned_courier_id",
                schema: "delivery",
                table: "deliveries",
                column: "assigned_courier_id");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_state_promised_delivery_time",
                schema: "delivery",
                table: "deliveries",
                columns: new[] { "state", "promised_delivery_time" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "courier_actions",
                schema: "delivery");

            migrationBuilder.DropTable(
                name: "deliveries",
                schema: "delivery");

            migrationBuilder.DropTable(
                name: "restaurants",
                schema: "delivery");

            migrationBuilder.DropTable(
                name: "couriers",
                schema: "delivery");
        }
    }
}
