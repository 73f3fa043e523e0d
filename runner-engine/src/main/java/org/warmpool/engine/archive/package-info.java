/**
 * Submissions as they cross the engine's boundary: {@link org.warmpool.engine.archive.TgzReader}
 * turns a stranger's gzip'd tar into {@link org.warmpool.engine.archive.SubmissionFiles} or
 * refuses it with an {@link org.warmpool.engine.archive.ArchiveException} a person can act on,
 * and {@link org.warmpool.engine.archive.TarPacker} writes the tar the engine itself streams
 * into a container. A client's bytes are never passed on as they were sent.
 *
 * <p>Every way in (archive, file map, local folder) applies the same path rules and
 * {@link org.warmpool.engine.archive.ArchiveLimits}, so whatever is accepted once can be packed
 * and accepted again.
 */
package org.warmpool.engine.archive;
