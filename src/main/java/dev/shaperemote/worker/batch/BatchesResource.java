package dev.shaperemote.worker.batch;

import dev.shaperemote.lang.CompileError;
import dev.shaperemote.remote.RemoteCallException;
import dev.shaperemote.remote.RemoteErrorKind;
import dev.shaperemote.worker.BoundedBody;
import dev.shaperemote.worker.DiskGuard;
import dev.shaperemote.worker.Json;
import dev.shaperemote.worker.WorkerConfig;
import dev.shaperemote.worker.WireResource;
import dev.shaperemote.worker.WorkerFailure;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.BatchRuntimeException;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import dev.shaperemote.worker.Quotas;
import dev.shaperemote.worker.Tokens;
import dev.shaperemote.worker.auth.Caller;
import dev.shaperemote.worker.auth.Callers;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Batch jobs over REST: {@code POST /api/v1/batches} starts the {@code shape-map} job (META-INF/batch-jobs)
 * over an uploaded body or (administrators only) a file under the batch directory; {@code GET /api/v1/batches/{id}}
 * reports its progress; {@code stop}, {@code restart} and {@code output} act on it.
 *
 * <p>A batch belongs to the caller that started it: its id is a random handle (never the runtime's sequential
 * instance number, which the body reports as {@code instance}, the one Admin Center's Java Batch tool shows),
 * and anyone but its owner or an administrator is answered as if it did not exist. Owner and handle are job
 * parameters, so they survive restarts of the job and of the server.
 */
@Path("/batches")
@ApplicationScoped
public class BatchesResource {
    static final String JOB = "shape-map", JOB_PARTITIONED = "shape-map-partitioned";
    /** Every job a batch runs as: one step, or split into partitions. */
    static final List<String> JOBS = List.of(JOB, JOB_PARTITIONED);
    static final String JSONL = "application/x-ndjson";
    /** Job parameters that make a batch its owner's: who started it, and the random handle its URL uses. */
    static final String OWNER = "owner", HANDLE = "handle";
    private static final Logger LOG = Logger.getLogger(BatchesResource.class.getName());

    @Inject
    BatchConfig batch;
    @Inject
    WorkerConfig config;
    @Inject
    BatchProgress progress;
    @Inject
    Callers callers;
    @Inject
    Quotas quotas;
    @Inject
    DiskGuard disk;

    /** Instances looked up since the start, by handle; the batch database stays the source of truth. */
    private final Map<String, JobInstance> instances = new ConcurrentHashMap<>();
    /** The owner of each instance seen (a job parameter, which never changes). */
    private final Map<Long, String> owners = new ConcurrentHashMap<>();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a map job over a JSONL or request-stream file on the server")
    @RequestBody(description = "{\"function\": \"f\", \"source\": \"fn f(x) { x * 2 }\" or \"source_file\": \"f.shape\", "
            + "\"input\": \"inputs/data.jsonl\", \"format\": \"jsonl\" or \"wire\" (default: wire for a name ending in .wire), "
            + "\"checkpoint\": 1000, \"partitions\": 3 (default shape.worker.batch.partitions)}; paths are under shape.worker.batch.dir")
    @APIResponse(responseCode = "201", description = "started; Location names the batch, body as GET")
    @APIResponse(responseCode = "400", description = "no function, a source that does not compile, a path outside the batch directory, an unknown format")
    @APIResponse(responseCode = "403", description = "files on the server are the operator's: for shape-admin callers only")
    public Response start(InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, @Context UriInfo uri,
                          @Context SecurityContext security) throws IOException {
        Caller caller = callers.required(security);
        if (!caller.admin()) {
            throw new WorkerFailure(403, RemoteErrorKind.Unauthorized,
                    "starting a batch over a file on the server is for administrators; upload the input instead", 0);
        }
        BatchRequest request = BatchRequest.parse(BoundedBody.read(body, length == null ? -1 : length, config.executeMaxRequestBytes()));
        java.nio.file.Path input = existing(request.input());
        BatchFormat format = format(request.format(), request.input().endsWith(".wire") ? BatchFormat.WIRE : BatchFormat.JSONL);
        return started(start(caller, request, input, format), uri, caller);
    }

    @POST
    @Consumes({JSONL, "application/jsonl", MediaType.TEXT_PLAIN, WireResource.MEDIA_TYPE})
    @Operation(summary = "Start a map job over an uploaded body: JSONL, or a request stream with one Call per record "
            + "(stored under the batch directory first)")
    @APIResponse(responseCode = "201", description = "started; Location names the batch, body as GET")
    @APIResponse(responseCode = "413", description = "body larger than shape.worker.batch.max-upload-bytes")
    @APIResponse(responseCode = "429", description = "this caller holds its quota of running batches or of batch bytes on disk")
    public Response upload(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
                           @QueryParam("function") String function, @QueryParam("source") String source,
                           @QueryParam("source_file") String sourceFile, @QueryParam("checkpoint") Integer checkpoint,
                           @QueryParam("partitions") Integer partitions, @Context UriInfo uri,
                           @Context SecurityContext security) throws IOException {
        BatchFormat format = type != null && type.isCompatible(MediaType.valueOf(WireResource.MEDIA_TYPE)) ? BatchFormat.WIRE : BatchFormat.JSONL;
        return startUploaded(body, format, new BatchRequest(function, source, sourceFile, null, null, checkpoint, partitions), uri,
                callers.required(security));
    }

    /** Stores the body, then starts the job over it; a job refused (a bad source, say) leaves no upload behind. */
    private Response startUploaded(InputStream body, BatchFormat format, BatchRequest request, UriInfo uri, Caller caller) throws IOException {
        if (request.sourceFile() != null && !caller.admin()) {
            throw new WorkerFailure(403, RemoteErrorKind.Unauthorized,
                    "'source_file' names a file on the server, which is for administrators; send 'source' instead", 0);
        }
        quotas.check(Quotas.Kind.BATCHES, runningOf(caller.name()));
        long onDisk = BatchPaths.bytesUnder(ownerDir("uploads", caller.name())) + BatchPaths.bytesUnder(ownerDir("results", caller.name()));
        quotas.check(Quotas.Kind.BATCH_BYTES, onDisk);
        java.nio.file.Path input = store(body, format, caller.name(), quotas.limit(Quotas.Kind.BATCH_BYTES) - onDisk);
        try {
            return started(start(caller, request, input, format), uri, caller);
        } catch (WorkerFailure refused) {
            Files.deleteIfExists(input);
            throw refused;
        }
    }

    /**
     * An uploaded input, stored under {@code uploads/} as it arrives (never whole in memory) and on disk before the
     * job that reads it is accepted.
     */
    private java.nio.file.Path store(InputStream body, BatchFormat format, String owner, long quotaLeft) throws IOException {
        java.nio.file.Path input = ownerDir("uploads", owner).resolve(UUID.randomUUID() + "." + format.parameter());
        disk.require(batch.dir(), "batch uploads");
        Files.createDirectories(input.getParent());
        try (FileChannel out = FileChannel.open(input, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = body.read(buf)) != -1; ) {
                total += n;
                if (total > batch.maxUploadBytes()) throw WorkerFailure.tooLarge(batch.maxUploadBytes());
                if (total > quotaLeft) quotas.check(Quotas.Kind.BATCH_BYTES, Long.MAX_VALUE);
                if ((total - n) >>> 24 != total >>> 24) disk.require(batch.dir(), "batch uploads"); // every 16 MiB
                for (ByteBuffer b = ByteBuffer.wrap(buf, 0, n); b.hasRemaining(); ) out.write(b);
            }
            out.force(false);
        } catch (WorkerFailure | IOException e) {
            Files.deleteIfExists(input);
            throw e;
        }
        return input;
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A batch's status and progress")
    @APIResponse(responseCode = "200", description = "{\"id\", \"status\": starting|started|stopping|stopped|failed|completed|abandoned, "
            + "\"done\", \"total\", \"paused\" (waiting for a draining worker to undrain), \"execution\", \"exit_status\", \"output\"}")
    @APIResponse(responseCode = "404", description = "no such batch")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        return Response.ok(status(instance(id, callers.required(security)))).build();
    }

    @GET
    @Path("{id}/output")
    @Produces(JSONL)
    @Operation(summary = "The results written so far: one line per record, in input order")
    public Response output(@PathParam("id") String id, @Context SecurityContext security) {
        Properties p = parameters(latest(instance(id, callers.required(security))));
        java.nio.file.Path file = BatchPaths.inside(batch.dir(), p.getProperty("output"));
        if (Files.isRegularFile(file)) return Response.ok((StreamingOutput) out -> Files.copy(file, out), JSONL).build();
        // A partitioned batch before its merge: each part's lines so far, in partition order (ascending indexes, with gaps).
        List<java.nio.file.Path> parts = new java.util.ArrayList<>();
        for (int part = 0; part < partitions(p); part++) {
            if (Files.isRegularFile(PartFiles.data(file, part))) parts.add(PartFiles.data(file, part));
        }
        if (parts.isEmpty()) throw WorkerFailure.notFound("batch " + id + " has written no output yet");
        StreamingOutput stream = out -> {
            for (java.nio.file.Path part : parts) {
                try {
                    Files.copy(part, out);
                } catch (java.nio.file.NoSuchFileException merged) {
                    Files.copy(file, out); // the merge took the parts meanwhile: the whole output instead
                    return;
                }
            }
        };
        return Response.ok(stream, JSONL).build();
    }

    @POST
    @Path("{id}/stop")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Stop a running batch once its records in flight finish (also while it is paused for a drain)")
    @APIResponse(responseCode = "202", description = "stopping; body as GET")
    @APIResponse(responseCode = "409", description = "the batch is not running")
    public Response stop(@PathParam("id") String id, @Context SecurityContext security) {
        JobInstance instance = instance(id, callers.required(security));
        JobExecution last = latest(instance);
        try {
            operator().stop(last.getExecutionId());
        } catch (JobExecutionNotRunningException e) {
            throw conflict("batch " + id + " is not running (" + last.getBatchStatus() + ")");
        }
        return Response.accepted(status(instance)).build();
    }

    @POST
    @Path("{id}/restart")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restart a stopped or failed batch from its last checkpoint")
    @APIResponse(responseCode = "202", description = "restarted; body as GET")
    @APIResponse(responseCode = "409", description = "the batch is running or completed")
    public Response restart(@PathParam("id") String id, @Context SecurityContext security) {
        Caller caller = callers.required(security);
        JobInstance instance = instance(id, caller);
        JobExecution last = latest(instance);
        quotas.check(Quotas.Kind.BATCHES, runningOf(ownerOf(instance)));
        try {
            // Jakarta Batch does not remember parameters across executions: the restart gets the originals.
            operator().restart(last.getExecutionId(), parameters(last));
        } catch (JobRestartException | JobExecutionAlreadyCompleteException | JobExecutionNotMostRecentException e) {
            throw conflict("batch " + id + " cannot restart (" + last.getBatchStatus() + "); only a stopped or failed batch can");
        }
        return Response.accepted(status(instance)).build();
    }

    // ---------------------------------------------------------------- starting

    private JobInstance start(Caller caller, BatchRequest request, java.nio.file.Path input, BatchFormat format) throws IOException {
        String function = request.function(), source = request.source(), sourceFile = request.sourceFile();
        Integer checkpoint = request.checkpoint();
        int partitions = request.partitions() == null ? batch.partitions() : request.partitions();
        if (partitions < 1 || partitions > ShapeMapPartitions.MAX_PARTITIONS) {
            throw WorkerFailure.protocol("'partitions' is from 1 to " + ShapeMapPartitions.MAX_PARTITIONS + ", not " + partitions);
        }
        if (function == null || function.isBlank()) throw WorkerFailure.protocol("name the function to map: 'function'");
        if ((source == null) == (sourceFile == null)) throw WorkerFailure.protocol("give exactly one of 'source' and 'source_file'");
        disk.require(batch.dir(), "batch jobs");
        java.nio.file.Path sourcePath = sourceFile != null ? existing(sourceFile) : batch.dir().resolve("sources").resolve(UUID.randomUUID() + ".shape");
        String text = sourceFile != null ? Files.readString(sourcePath, StandardCharsets.UTF_8) : source;
        try {
            new MapFunction(text, function, config.budgets()); // refuse a job that could only fail, before it starts
        } catch (CompileError e) {
            throw new WorkerFailure(400, RemoteErrorKind.ArgumentError, "the source does not compile: " + e.getMessage(), 0);
        } catch (RemoteCallException e) {
            throw new WorkerFailure(400, e.kind(), e.getMessage(), 0);
        }
        if (sourceFile == null) { // stored, not passed inline: job parameters are meant to be short
            Files.createDirectories(sourcePath.getParent());
            Files.writeString(sourcePath, source, StandardCharsets.UTF_8);
        }
        java.nio.file.Path output = ownerDir("results", caller.name()).resolve(UUID.randomUUID() + ".jsonl");
        String handle = Tokens.next();
        Properties p = new Properties();
        p.setProperty(OWNER, caller.name());
        p.setProperty(HANDLE, handle);
        p.setProperty("function", function);
        p.setProperty("sourceFile", sourcePath.toString());
        p.setProperty("input", input.toString());
        p.setProperty("format", format.parameter());
        p.setProperty("output", output.toString());
        p.setProperty("checkpoint", Integer.toString(checkpoint != null && checkpoint > 0 ? checkpoint : batch.checkpointItems()));
        p.setProperty("total", Long.toString(format.count(input)));
        if (partitions > 1) {
            p.setProperty("partitions", Integer.toString(partitions));
            p.setProperty(BatchRestarts.SERVER, WorkerName.get());
        }
        try {
            long execution = operator().start(partitions > 1 ? JOB_PARTITIONED : JOB, p);
            JobInstance instance = operator().getJobInstance(execution);
            instances.put(handle, instance);
            owners.put(instance.getInstanceId(), caller.name());
            return instance;
        } catch (BatchRuntimeException e) { // JobStartException, JobSecurityException too
            // BatchRuntimeException: the batch store did not answer (a fleet's shared database is down, say)
            LOG.log(Level.WARNING, "the batch runtime did not start a job", e);
            throw new WorkerFailure(503, RemoteErrorKind.Overloaded, "the batch runtime did not start the job (is its batch "
                    + "store reachable?); retry later", config.retryAfterSeconds());
        }
    }

    private Response started(JobInstance instance, UriInfo uri, Caller caller) {
        return Response.created(uri.getBaseUriBuilder().path(BatchesResource.class).path(handleOf(instance)).build())
                .entity(status(instance)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The directory of one owner's files of one kind (uploads, results): named by a hash, never by the name itself. */
    private java.nio.file.Path ownerDir(String kind, String owner) {
        return batch.dir().resolve(kind).resolve(OwnerDirs.ownerKey(owner));
    }

    private java.nio.file.Path existing(String name) {
        java.nio.file.Path p;
        try {
            p = BatchPaths.inside(batch.dir(), name);
        } catch (IllegalArgumentException e) {
            throw WorkerFailure.protocol(e.getMessage() + "; name a file under the batch directory (shape.worker.batch.dir)");
        }
        if (!Files.isRegularFile(p)) throw WorkerFailure.protocol("no file '" + name + "' in the batch directory");
        return p;
    }

    private static BatchFormat format(String given, BatchFormat otherwise) {
        if (given == null) return otherwise;
        try {
            return BatchFormat.of(given);
        } catch (IllegalArgumentException e) {
            throw WorkerFailure.protocol("'format' is jsonl or wire, not '" + given + "'");
        }
    }

    // ---------------------------------------------------------------- status

    private byte[] status(JobInstance instance) {
        long id = instance.getInstanceId();
        JobExecution last = latest(instance);
        Properties p = parameters(last);
        long total = total(p);
        int parts = partitions(p);
        java.nio.file.Path out = outputOf(p);
        List<PartFiles.Status> states = new java.util.ArrayList<>();
        for (int part = 0; part < parts && out != null; part++) states.add(PartFiles.readStatus(out, part));
        long done = parts > 1 && last.getBatchStatus() != BatchStatus.COMPLETED
                ? states.stream().mapToLong(s -> s == null ? 0 : s.records()).sum()
                : done(id, last.getBatchStatus(), p, total);
        return Json.bytes(g -> {
            g.writeStartObject();
            g.writeStringField("id", p.getProperty(HANDLE, Long.toString(id)));
            g.writeNumberField("instance", id);
            g.writeStringField("status", last.getBatchStatus().name().toLowerCase());
            g.writeNumberField("done", done);
            g.writeNumberField("total", total);
            g.writeBooleanField("paused", progress.isPaused(id));
            g.writeNumberField("execution", last.getExecutionId());
            g.writeStringField("exit_status", last.getExitStatus());
            g.writeStringField("output", batch.dir().relativize(java.nio.file.Path.of(p.getProperty("output", ""))).toString());
            if (parts > 1) {
                g.writeArrayFieldStart("partitions");
                for (int part = 0; part < parts; part++) {
                    PartFiles.Status s = states.get(part);
                    long size = RecordRange.countOf(total, part, parts);
                    g.writeStartObject();
                    if (s == null) g.writeNullField("server"); else g.writeStringField("server", s.server());
                    g.writeNumberField("records", s == null ? 0 : s.records());
                    g.writeNumberField("total", size);
                    g.writeStringField("state", partitionState(s, size, last.getBatchStatus()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** A partition's state: completed once its range is written, waiting before it first ran, else the batch's. */
    static String partitionState(PartFiles.Status s, long size, BatchStatus batch) {
        if (s != null && s.records() >= size) return "completed";
        if (s == null && (batch == BatchStatus.STARTING || batch == BatchStatus.STARTED)) return "waiting";
        return batch.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static int partitions(Properties p) {
        try {
            return Integer.parseInt(p.getProperty("partitions", "1").strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private java.nio.file.Path outputOf(Properties p) {
        try {
            return BatchPaths.inside(batch.dir(), p.getProperty("output"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private long total(Properties p) {
        String total = p.getProperty("total");
        if (total != null) return Long.parseLong(total);
        try { // started elsewhere (Admin Center): count the input
            return BatchFormat.of(p.getProperty("format")).count(BatchPaths.inside(batch.dir(), p.getProperty("input")));
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** Records written: all of them once completed, else what the writer reported here, else the output's lines. */
    private long done(long id, BatchStatus status, Properties p, long total) {
        if (status == BatchStatus.COMPLETED && total >= 0) return total;
        Long written = progress.written(id);
        if (written != null) return written;
        try {
            java.nio.file.Path out = BatchPaths.inside(batch.dir(), p.getProperty("output"));
            return Files.isRegularFile(out) ? LineInput.countLines(out) : 0;
        } catch (IOException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** The batch with this handle, if {@code caller} may see it; anyone else's is as unknown as a handle never issued. */
    private JobInstance instance(String handle, Caller caller) {
        JobInstance found = instances.get(handle);
        if (found == null) {
            for (JobInstance i : all()) {
                if (handle.equals(handleOf(i))) {
                    instances.put(handle, i);
                    found = i;
                    break;
                }
            }
        }
        if (found == null || !caller.mayUse(ownerOf(found))) throw WorkerFailure.notFound("no batch " + handle);
        return found;
    }

    private static List<JobInstance> all() {
        List<JobInstance> all = new java.util.ArrayList<>();
        JobOperator op = operator();
        for (String job : JOBS) {
            try {
                all.addAll(op.getJobInstances(job, 0, op.getJobInstanceCount(job)));
            } catch (NoSuchJobException e) {
                // no instance of this job at all
            }
        }
        return all;
    }

    /** Batches of {@code owner} that are starting, running or stopping. */
    private long runningOf(String owner) {
        long n = 0;
        for (JobInstance i : all()) {
            if (!owner.equals(ownerOf(i))) continue;
            BatchStatus s = latest(i).getBatchStatus();
            if (s == BatchStatus.STARTING || s == BatchStatus.STARTED || s == BatchStatus.STOPPING) n++;
        }
        return n;
    }

    private String ownerOf(JobInstance instance) {
        return owners.computeIfAbsent(instance.getInstanceId(), id -> parameters(latest(instance)).getProperty(OWNER, ""));
    }

    /** A batch started outside this API (Admin Center) has no handle: its instance number stands in, for admins to use. */
    private static String handleOf(JobInstance instance) {
        return parameters(latest(instance)).getProperty(HANDLE, Long.toString(instance.getInstanceId()));
    }

    static JobExecution latest(JobInstance instance) {
        List<JobExecution> all = operator().getJobExecutions(instance);
        return all.stream().max(Comparator.comparingLong(JobExecution::getExecutionId))
                .orElseThrow(() -> WorkerFailure.notFound("batch " + instance.getInstanceId() + " has no execution"));
    }

    static Properties parameters(JobExecution execution) {
        Properties p = operator().getParameters(execution.getExecutionId());
        return p == null ? new Properties() : p;
    }

    private static WorkerFailure conflict(String message) {
        return new WorkerFailure(409, RemoteErrorKind.ProtocolError, message, 0);
    }

    private static JobOperator operator() { return BatchRuntime.getJobOperator(); }
}
