using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Ftgo.Delivery.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SqliteOriginColumn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "delivery_restaurants",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "delivery_deliveries",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "delivery_couriers",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin",
                table: "delivery_courier_actions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "origin",
                table: "delivery_restaurants");

            migrationBuilder.DropColumn(
                name: "origin",
                table: "delivery_deliveries");

            migrationBuilder.DropColumn(
                name: "origin",
                table: "delivery_couriers");

            migrationBuilder.DropColumn(
                name: "origin",
                table: "delivery_courier_actions");
        }
    }
}
