using System.Collections.Concurrent;
using System.Security.Cryptography;
using Precog.Host.Admin;

namespace Precog.Host.Dashboard;

/// <summary>
/// The dashboard's logins: a browser gives an admin token once and gets a random session id in an HttpOnly cookie;
/// the token stays on the node, which puts it back on the page's API calls (<see cref="DashboardMiddleware"/>), so the
/// admin API's own guard decides read and write. Held in memory: a restart of the node logs every browser out.
/// </summary>
public sealed class DashboardSessions(AdminTokens tokens)
{
    /// <summary>More than any operator opens; past it the oldest login goes, so memory stays bounded.</summary>
    public const int MaxSessions = 256;

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public sealed record Session(string Id, string Authorization, AdminScope Scope, DateTimeOffset Since);

    /// <summary>A new session for a valid token; null (and nothing remembered) for any other.</summary>
    public Session? LogIn(string? token)
    {
        var authorization = $"Bearer {token?.Trim()}";
        var scope = string.IsNullOrWhiteSpace(token) ? AdminScope.None : tokens.ScopeOf(authorization);
        if (scope == AdminScope.None) return null;
        while (_sessions.Count >= MaxSessions && _sessions.Values.MinBy(s => s.Since) is { } oldest) _sessions.TryRemove(oldest.Id, out _);
        var session = new Session(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), authorization, scope, DateTimeOffset.UtcNow);
        _sessions[session.Id] = session;
        return session;
    }

    public Session? Find(string? id) => id is { Length: > 0 } && _sessions.TryGetValue(id, out var s) ? s : null;

    public void LogOut(string? id)
    {
        if (id is { Length: > 0 }) _sessions.TryRemove(id, out _);
    }
}
