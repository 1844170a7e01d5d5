using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Data;

/// <summary>The embedded default: one SQLite file; SQLite has no schemas, so the tables stand alone.</summary>
public sealed class SqliteLegacyDbContext(DbContextOptions<SqliteLegacyDbContext> options) : LegacyDbContext(options);
