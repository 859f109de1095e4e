package dev.shaperemote.worker.batch;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The last step of a partitioned map job: joins the partitions' part files, in partition (so input) order, into the
 * job's output, which appears whole in one move, then deletes the parts (their status files stay, for the batch's
 * status). Run again after a crash it does the same: the parts go only once the output is in place, and with the
 * output in place and the parts gone there is nothing left to do.
 */
@Named("shapeMapMerge")
@Dependent
public class ShapeMapMerge extends AbstractBatchlet {
    @Inject @BatchProperty(name = "output") String output;
    @Inject @BatchProperty(name = "partitions") String partitions;
    @Inject BatchConfig config;

    @Override
    public String process() throws IOException {
        Path out = BatchPaths.inside(config.dir(), output);
        merge(out, Integer.parseInt(partitions.strip()));
        return "COMPLETED";
    }

    static void merge(Path out, int parts) throws IOException {
        boolean partsThere = false;
        for (int part = 0; part < parts; part++) partsThere |= Files.exists(PartFiles.data(out, part));
        if (!partsThere && Files.exists(out)) return; // merged before a crash; only the clean-up was left, and it ran
        Path next = out.resolveSibling(out.getFileName() + ".merging");
        try (FileChannel to = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int part = 0; part < parts; part++) {
                Path data = PartFiles.data(out, part);
                if (!Files.exists(data)) continue; // an empty range writes no file
                try (FileChannel from = FileChannel.open(data, StandardOpenOption.READ)) {
                    long size = from.size();
                    for (long at = 0; at < size; ) at += from.transferTo(at, size - at, to);
                }
            }
            to.force(false);
        }
        Files.move(next, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        for (int part = 0; part < parts; part++) Files.deleteIfExists(PartFiles.data(out, part));
    }
}
