package dev.shaperemote.worker.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.Properties;

/**
 * Splits a partitioned map job's input into {@code partitions} contiguous ranges of records ({@link RecordRange}),
 * one partition each, all allowed to run at once. Each partition's properties name its range ({@code start},
 * {@code offset}, {@code count}) and its number ({@code part}, which names its part file). A restart plans the same
 * ranges again, so each partition resumes from its own checkpoint.
 */
@Named("shapeMapPartitions")
@Dependent
public class ShapeMapPartitions implements PartitionMapper {
    /** More partitions than this gain nothing and cost a message, a step execution and a part file each. */
    public static final int MAX_PARTITIONS = 256;

    @Inject @BatchProperty(name = "input") String input;
    @Inject @BatchProperty(name = "format") String format;
    @Inject @BatchProperty(name = "total") String total;
    @Inject @BatchProperty(name = "partitions") String partitions;
    @Inject BatchConfig config;

    @Override
    public PartitionPlan mapPartitions() throws Exception {
        int parts = Math.max(1, Math.min(MAX_PARTITIONS, Integer.parseInt(partitions.strip())));
        BatchFormat form = BatchFormat.of(format);
        java.nio.file.Path file = BatchPaths.inside(config.dir(), input);
        long records = total == null || total.isBlank() ? form.count(file) : Long.parseLong(total.strip());
        List<RecordRange> ranges = form.split(file, records, parts);
        Properties[] props = new Properties[parts];
        for (int part = 0; part < parts; part++) {
            RecordRange r = ranges.get(part);
            Properties p = new Properties();
            p.setProperty("part", Integer.toString(part));
            p.setProperty("start", Long.toString(r.start()));
            p.setProperty("offset", Long.toString(r.offset()));
            p.setProperty("count", Long.toString(r.count()));
            props[part] = p;
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(parts);
        plan.setThreads(parts);
        plan.setPartitionProperties(props);
        return plan;
    }
}
