package org.warmpool.app.replay;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

import java.io.File;
import java.security.AccessControlContext;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A desktop file drop, as far as headless JavaFX allows: a real {@link Dragboard} holding files
 * (over an in-memory clipboard that, unlike JavaFX's own local one, offers transfer modes), and
 * real DRAG_OVER and DRAG_DROPPED events fired at a node. Call on the FX thread.
 */
public final class SimulatedDrop {
    /** The two events after dispatch: whether the target accepted, and whether it completed the drop. */
    public record Result(DragEvent over, DragEvent dropped) {
        public boolean accepted() {
            return over.isAccepted();
        }

        public boolean completed() {
            return dropped.isDropCompleted();
        }
    }

    private SimulatedDrop() {
    }

    public static Result files(Node target, List<File> files) {
        Dragboard dragboard = DragboardHelper.createDragboard(new MemoryClipboard());
        ClipboardContent content = new ClipboardContent();
        content.putFiles(files);
        dragboard.setContent(content);
        var center = target.localToScene(target.getBoundsInLocal().getWidth() / 2, target.getBoundsInLocal().getHeight() / 2);
        DragEvent over = new DragEvent(DragEvent.DRAG_OVER, dragboard, center.getX(), center.getY(), center.getX(), center.getY(),
                TransferMode.COPY, null, null, null);
        Event.fireEvent(target, over);
        DragEvent dropped = new DragEvent(DragEvent.DRAG_DROPPED, dragboard, center.getX(), center.getY(), center.getX(), center.getY(),
                TransferMode.COPY, null, null, null);
        if (over.isAccepted()) {
            Event.fireEvent(target, dropped);
        }
        return new Result(over, dropped);
    }

    /** What a drag from a file manager carries: content by format, and the modes it allows. */
    private static final class MemoryClipboard implements TKClipboard {
        private final Map<DataFormat, Object> content = new HashMap<>();

        @Override
        public void setSecurityContext(AccessControlContext context) {
        }

        @Override
        public Set<DataFormat> getContentTypes() {
            return content.keySet();
        }

        @Override
        @SafeVarargs
        public final boolean putContent(Pair<DataFormat, Object>... pairs) {
            content.clear();
            for (Pair<DataFormat, Object> pair : pairs) {
                content.put(pair.getKey(), pair.getValue());
            }
            return true;
        }

        @Override
        public Object getContent(DataFormat format) {
            return content.get(format);
        }

        @Override
        public boolean hasContent(DataFormat format) {
            return content.containsKey(format);
        }

        @Override
        public Set<TransferMode> getTransferModes() {
            return EnumSet.of(TransferMode.COPY, TransferMode.MOVE, TransferMode.LINK);
        }

        @Override
        public void setDragView(Image image) {
        }

        @Override
        public void setDragViewOffsetX(double offsetX) {
        }

        @Override
        public void setDragViewOffsetY(double offsetY) {
        }

        @Override
        public Image getDragView() {
            return null;
        }

        @Override
        public double getDragViewOffsetX() {
            return 0;
        }

        @Override
        public double getDragViewOffsetY() {
            return 0;
        }
    }
}
