package dev.sessiongate.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of another process on this machine, from {@code /proc/<pid>/stat} (Linux): user plus system time, all
 * threads, in clock ticks ({@code getconf CLK_TCK}, 100 almost everywhere). Ten-millisecond resolution is plenty
 * over a window of tens of thousands of requests.
 */
final class ProcessCpu {

	private final long pid;

	private final long ticksPerSecond;

	ProcessCpu(long pid, long ticksPerSecond) {
		this.pid = pid;
		this.ticksPerSecond = ticksPerSecond;
	}

	static ProcessCpu gateway() {
		return new ProcessCpu(BenchSettings.gatewayPid(), Long.getLong("bench.clock-ticks", 100L));
	}

	boolean isKnown() {
		return this.pid > 0 && Files.isReadable(stat());
	}

	/** Total CPU time so far, in microseconds. */
	long micros() {
		try {
			String stat = Files.readString(stat());
			// The command name (field 2) is in parentheses and may hold spaces: count from its end.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return ticks * 1_000_000L / this.ticksPerSecond;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the CPU time of process " + this.pid, ex);
		}
	}

	private Path stat() {
		return Path.of("/proc", Long.toString(this.pid), "stat");
	}

}
