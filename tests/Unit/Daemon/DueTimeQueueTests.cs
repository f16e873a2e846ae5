using SwanShell.Engine.Daemon;
using SwanShell.UnitTests.Ike.Sa;

namespace SwanShell.UnitTests.Daemon;

/// <summary>The daemon's one timer for the lifetimes of all its IKE SAs, driven by a clock that moves only when told.</summary>
public sealed class DueTimeQueueTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly List<(string Name, DateTimeOffset At)> _due = [];
    private readonly DateTimeOffset _start;

    public DueTimeQueueTests() => _start = _clock.GetUtcNow();

    [Fact]
    public void Items_are_due_at_their_times_earliest_first_whatever_the_order_they_were_scheduled_in()
    {
        using var queue = NewQueue();
        foreach (var seconds in new[] { 40, 10, 30, 50, 20 })
        {
            queue.Schedule(new Item($"at {seconds}"), _start.AddSeconds(seconds));
        }

        _clock.Advance(TimeSpan.FromSeconds(35));
        Assert.Equal(["at 10", "at 20", "at 30"], _due.Select(d => d.Name));
        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(["at 10", "at 20", "at 30", "at 40", "at 50"], _due.Select(d => d.Name));
        Assert.Equal([10, 20, 30, 40, 50], _due.Select(d => (d.At - _start).TotalSeconds));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void An_item_scheduled_again_is_due_once_at_its_new_time()
    {
        using var queue = NewQueue();
        var item = new Item("moved");
        queue.Schedule(item, _start.AddSeconds(10));
        queue.Schedule(item, _start.AddSeconds(30));

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(_due);
        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal([("moved", _start.AddSeconds(30))], _due);
    }

    [Fact]
    public void A_removed_item_is_never_due_and_the_others_still_are()
    {
        using var queue = NewQueue();
        var removed = new Item("removed");
        queue.Schedule(removed, _start.AddSeconds(10));
        queue.Schedule(new Item("kept"), _start.AddSeconds(20));

        queue.Remove(removed);
        queue.Remove(removed);
        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal([("kept", _start.AddSeconds(20))], _due);
    }

    [Fact]
    public void An_item_earlier_than_all_the_others_is_due_at_its_own_time()
    {
        using var queue = NewQueue();
        queue.Schedule(new Item("late"), _start.AddSeconds(60));
        _clock.Advance(TimeSpan.FromSeconds(1));

        queue.Schedule(new Item("early"), _start.AddSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([("early", _start.AddSeconds(5))], _due);
    }

    [Fact]
    public void An_item_past_its_time_when_scheduled_is_due_at_once()
    {
        using var queue = NewQueue();
        _clock.Advance(TimeSpan.FromSeconds(10));

        queue.Schedule(new Item("overdue"), _start);
        _clock.Advance(TimeSpan.Zero);

        Assert.Equal([("overdue", _start.AddSeconds(10))], _due);
    }

    [Fact]
    public void An_item_its_callback_schedules_again_is_due_again_as_a_rekey_is_followed_by_the_end_of_the_lifetime()
    {
        var item = new Item("sa");
        using var queue = new DueTimeQueue<Item>(_clock, work => work(), due =>
        {
            _due.Add((due.Name, _clock.GetUtcNow()));
            if (_due.Count == 1)
            {
                Queue!.Schedule(due, _clock.GetUtcNow().AddSeconds(100));
            }
        });
        Queue = queue;
        queue.Schedule(item, _start.AddSeconds(10));

        _clock.Advance(TimeSpan.FromSeconds(500));

        Assert.Equal([("sa", _start.AddSeconds(10)), ("sa", _start.AddSeconds(110))], _due);
    }

    [Fact]
    public void Thousands_of_items_moved_and_removed_at_random_are_each_due_once_in_order()
    {
        using var queue = NewQueue();
        var random = new Random(9);
        var items = Enumerable.Range(0, 2000).Select(i => new Item($"{i}")).ToList();
        var expected = new Dictionary<Item, DateTimeOffset>();
        foreach (var item in items)
        {
            expected[item] = _start.AddSeconds(1 + random.Next(5000));
            queue.Schedule(item, expected[item]);
        }

        foreach (var item in items.Where(_ => random.Next(4) == 0))
        {
            expected[item] = _start.AddSeconds(1 + random.Next(5000));
            queue.Schedule(item, expected[item]);
        }

        foreach (var item in items.Where(_ => random.Next(4) == 0))
        {
            expected.Remove(item);
            queue.Remove(item);
        }

        _clock.Advance(TimeSpan.FromSeconds(6000));

        Assert.Equal(expected.Count, _due.Count);
        Assert.Equal(expected.Keys.Select(i => i.Name).Order(), _due.Select(d => d.Name).Order());
        Assert.All(_due, d => Assert.Equal(expected[items[int.Parse(d.Name, System.Globalization.CultureInfo.InvariantCulture)]], d.At));
        Assert.Equal(_due.Select(d => d.At).Order(), _due.Select(d => d.At));
    }

    private DueTimeQueue<Item>? Queue { get; set; }

    private DueTimeQueue<Item> NewQueue() => new(_clock, work => work(), due => _due.Add((due.Name, _clock.GetUtcNow())));

    private sealed class Item(string name) : IDueTimeQueueItem
    {
        public string Name { get; } = name;

        public int DueTimeQueueIndex { get; set; } = -1;
    }
}
