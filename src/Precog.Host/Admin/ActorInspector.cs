using Akka.Actor;

namespace Precog.Host.Admin;

public sealed record ActorNodeView(string Path, int Depth, int Children, int Mailbox, string? Type);

public sealed record ActorTreeView(string Root, int Depth, int Actors, bool Truncated, IReadOnlyList<ActorNodeView> Nodes);

/// <summary>
/// Reads this node's live actor hierarchy from the actor cells themselves (children, mailbox depth, actor type),
/// without sending a message: an answer even while an actor is busy or its mailbox full, and no Identify round per
/// actor. It sees the actors of this node only (a remote child is not in the cells); the cluster's other nodes
/// answer for theirs.
/// </summary>
public sealed class ActorInspector(ActorSystem system)
{
    /// <summary>Rows one answer may hold: a node with thousands of entities answers the first ones and says it stopped.</summary>
    public const int MaxNodes = 5000;

    /// <summary>The tree under <paramref name="path"/> (e.g. /user, /system/sharding/market), <paramref name="depth"/> levels below it; null when no such actor lives here.</summary>
    public ActorTreeView? Tree(string path, int depth)
    {
        if (Find(path) is not { } root) return null;
        var nodes = new List<ActorNodeView>();
        var count = 0;
        var truncated = false;
        Walk(root, 0);
        return new ActorTreeView(Name(root), depth, count, truncated, nodes);

        void Walk(ActorRefWithCell actor, int level)
        {
            if (nodes.Count >= MaxNodes)
            {
                truncated = true;
                return;
            }
            var children = Children(actor);
            count++;
            nodes.Add(new ActorNodeView(Name(actor), level, children.Count, Mailbox(actor), TypeOf(actor)));
            if (level >= depth) return;
            foreach (var child in children) Walk(child, level + 1);
        }
    }

    /// <summary>
    /// For the mailbox gauge: the deepest mailbox under each of /user's children and each shard region (the actor or any
    /// descendant), so the series stay few and stable while they still show which part of the node is behind.
    /// </summary>
    public IEnumerable<(string Actor, long Depth)> DeepestMailboxes()
    {
        var groups = new List<ActorRefWithCell>();
        if (Find("/user") is { } user) groups.AddRange(Children(user));
        if (Find("/system/sharding") is { } sharding) groups.AddRange(Children(sharding));
        foreach (var g in groups) yield return (Name(g), Deepest(g));
    }

    private static long Deepest(ActorRefWithCell actor)
    {
        long deepest = Mailbox(actor);
        foreach (var child in Children(actor)) deepest = Math.Max(deepest, Deepest(child));
        return deepest;
    }

    /// <summary>The local actor at an absolute path without its address ("/user/alerts"), walking the cells from the root guardian.</summary>
    public ActorRefWithCell? Find(string path)
    {
        if (((ExtendedActorSystem)system).Provider.RootGuardian is not ActorRefWithCell current) return null;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.GetSingleChild(segment) is not ActorRefWithCell child || child.IsNobody()) return null;
            current = child;
        }
        return current;
    }

    private static List<ActorRefWithCell> Children(ActorRefWithCell actor) =>
        actor.Children.OfType<ActorRefWithCell>().OrderBy(c => c.Path.Name, StringComparer.Ordinal).ToList();

    private static int Mailbox(ActorRefWithCell actor) => actor.Underlying.NumberOfMessages;

    private static string? TypeOf(ActorRefWithCell actor) => actor.Underlying.Props?.Type?.Name;

    private static string Name(IActorRef actor) => actor.Path.ToStringWithoutAddress();
}
