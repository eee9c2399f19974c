package dev.loupe.query.pipe;

/**
 * One pipe of a query, after the filters. A new pipe is one class here, one case in the parser, one
 * in the printer and one in the executor's pipeline: the switches over this sealed type are
 * exhaustive, so a pipe that is not printed or run does not compile.
 */
public sealed interface Pipe
    permits PipeContext,
        PipeExtractRegexp,
        PipeParse,
        PipeFields,
        PipeHead,
        PipeMath,
        PipePatterns,
        PipeSort,
        PipeStats,
        PipeRename,
        PipeTop,
        PipeUniq,
        PipeUnpackJson,
        PipeUnpackLogfmt,
        PipeWhere {}
