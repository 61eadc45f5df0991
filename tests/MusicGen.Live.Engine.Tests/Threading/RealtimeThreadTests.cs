using System.Globalization;
using MusicGen.Live.Engine.Threading;

namespace MusicGen.Live.Engine.Tests.Threading;

public sealed class RealtimeThreadTests
{
    [Fact]
    public void A_grant_is_what_the_kernel_reports_for_the_thread()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(RealtimeThread.Request(1) is { Granted: true, Reason: not null }); // elsewhere only the result's shape is checked
            return;
        }

        RealtimeGrant? grant = null;
        int policy = -1, priority = -1;
        var thread = new Thread(() =>
        {
            grant = RealtimeThread.Request(1);

            // The kernel's own account, not ours: /proc/thread-self/stat fields 40 (rt_priority) and 41 (policy).
            var stat = File.ReadAllText("/proc/thread-self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            priority = int.Parse(fields[40 - 3], CultureInfo.InvariantCulture);
            policy = int.Parse(fields[41 - 3], CultureInfo.InvariantCulture);
        });
        thread.Start();
        thread.Join();

        Assert.NotNull(grant);
        if (grant.Granted)
        {
            Assert.Equal(1, policy); // SCHED_FIFO
            Assert.Equal(1, priority);
            Assert.Null(grant.Reason);
            Assert.Equal("fifo:1", grant.ToString());
        }
        else
        {
            Assert.Equal(0, policy); // SCHED_OTHER: refused, and said why
            Assert.False(string.IsNullOrWhiteSpace(grant.Reason));
            Assert.StartsWith("no (", grant.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Out_of_range_priorities_are_refused_before_the_os_is_asked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RealtimeThread.Request(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RealtimeThread.Request(100));
    }
}
