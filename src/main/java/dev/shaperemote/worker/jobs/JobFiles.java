package dev.shaperemote.worker.jobs;

import dev.shaperemote.wire.WireLimits;
import dev.shaperemote.wire.WireStreamReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The jobs on disk: one directory per job, named by its id, holding {@code request} (the request stream, on
 * disk before the job is accepted), {@code state} (status, times, token) and, once finished, {@code response}.
 * Each file is written whole to a temporary file, forced and moved into place, so a crash leaves the old
 * file or the new one, never half of one.
 */
final class JobFiles {
    static final String REQUEST = "request";
    static final String STATE = "state";
    static final String RESPONSE = "response";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Logger LOG = Logger.getLogger(JobFiles.class.getName());

    private final Path dir;

    JobFiles(Path dir) { this.dir = dir.toAbsolutePath().normalize(); }

    Path dir() { return dir; }

    /** Stores a new job: its request, then its state, whose presence marks the job as accepted. */
    void create(WireJob job, byte[] request) throws IOException {
        if (!Files.isDirectory(dir)) {
            // Only the server's user reads it: a state file holds the job's connection token.
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path home = dir.resolve(job.id());
        Files.createDirectory(home);
        write(home, REQUEST, request);
        writeState(job, job.status(), null);
        force(dir);
    }

    void writeState(WireJob job, WireJob.Status status, Instant finishedAt) throws IOException {
        Properties p = new Properties();
        p.setProperty("status", status.name());
        p.setProperty("submitted_at", job.submittedAt().toString());
        if (finishedAt != null) p.setProperty("finished_at", finishedAt.toString());
        if (job.token() != null) p.setProperty("token", job.token());
        p.setProperty("owner", job.owner());
        StringWriter text = new StringWriter();
        p.store(text, null);
        write(dir.resolve(job.id()), STATE, text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    void writeResponse(WireJob job, byte[] stream) throws IOException { write(dir.resolve(job.id()), RESPONSE, stream); }

    byte[] readRequest(WireJob job) throws IOException { return Files.readAllBytes(dir.resolve(job.id()).resolve(REQUEST)); }

    /** A finished job no longer needs its request: it may be as large as the stream limit. */
    void deleteRequest(WireJob job) {
        try {
            Files.deleteIfExists(dir.resolve(job.id()).resolve(REQUEST));
        } catch (IOException e) {
            LOG.warning("the request file of job " + job.id() + " could not be deleted: " + e);
        }
    }

    /** Deletes a job's directory; a failure is logged, and the next start finds what is left. */
    void delete(String id) {
        Path home = dir.resolve(id);
        try {
            if (!Files.isDirectory(home)) return;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(home)) {
                for (Path f : files) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(home);
        } catch (IOException e) {
            LOG.warning("the files of job " + id + " could not be deleted: " + e);
        }
    }

    /**
     * Every job stored under the directory. A directory without a state (the worker stopped while accepting
     * it, before answering) is deleted; anything else unreadable is skipped and left for an operator, each
     * with a warning.
     */
    List<WireJob> load(WireLimits limits) {
        List<WireJob> jobs = new ArrayList<>();
        if (!Files.isDirectory(dir)) return jobs;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path home : entries) {
                String id = home.getFileName().toString();
                if (!Files.isDirectory(home) || !ID.matcher(id).matches()) {
                    LOG.warning(home + " is not a job; skipped (the jobs directory holds one directory per job)");
                    continue;
                }
                if (!Files.exists(home.resolve(STATE))) {
                    LOG.warning("job " + id + " was never accepted (the worker stopped while storing it); its files are deleted");
                    delete(id);
                    continue;
                }
                try {
                    jobs.add(read(home, id, limits));
                } catch (NoSuchFileException e) {
                    LOG.warning("job " + id + " in " + home + " cannot be read and is skipped: " + e.getFile() + " is missing");
                } catch (IOException | RuntimeException e) {
                    LOG.warning("job " + id + " in " + home + " cannot be read and is skipped: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warning("the jobs directory " + dir + " cannot be listed; no stored job is loaded: " + e);
        }
        return jobs;
    }

    private static WireJob read(Path home, String id, WireLimits limits) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(new String(Files.readAllBytes(home.resolve(STATE)), StandardCharsets.ISO_8859_1)));
        WireJob.Status status = WireJob.Status.valueOf(required(p, "status"));
        WireJob job = new WireJob(id, Instant.parse(required(p, "submitted_at")), p.getProperty("token"), p.getProperty("owner", ""));
        if (status.finished()) {
            Instant finishedAt = Instant.parse(required(p, "finished_at"));
            byte[] response = Files.readAllBytes(home.resolve(RESPONSE));
            int messages = WireStreamReader.readAll(response, limits).size();
            if (messages != 1) throw new IOException("its response holds " + messages + " messages instead of one");
            job.finish(status, response, finishedAt);
        } else if (!Files.isRegularFile(home.resolve(REQUEST))) {
            throw new IOException("its request file is missing");
        }
        return job;
    }

    private static String required(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null) throw new IOException("its state names no " + key);
        return value;
    }

    private static void write(Path home, String name, byte[] bytes) throws IOException {
        Path tmp = home.resolve(name + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) out.write(b);
            out.force(true);
        }
        Files.move(tmp, home.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        force(home);
    }

    /** Makes a rename or a new entry durable; not every platform can sync a directory, and that is not an error. */
    private static void force(Path directory) {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel
        }
    }
}
