using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ftgo.Delivery.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresOriginColumn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "origin",
                schema: "delivery",
                table: "restaurants",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                schema: "delivery",
                table: "deliveries",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                schema: "delivery",
                table: "couriers",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                schema: "delivery",
                table: "courier_actions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "origin",
                schema: "delivery",
                table: "restaurants");

            migrationBuilder.DropColumn(
                name: "origin",
                schema: "delivery",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "origin",
                schema: "delivery",
                table: "couriers");

            migrationBuilder.DropColumn(
                name: "origin",
                schema: "delivery",
                table: "courier_actions");
        }
    }
}
