package io.ferrymq.console.alert.hint;

import java.util.List;

/**
 * A "what to do" card for a problem: what is wrong, the evidence (figures and since when), the likely cause, the
 * next step, and links to the page where a safe action can be taken.
 *
 * @param problem  short id of the problem (a condition id, or a problem only the hints detect)
 * @param title    one line
 * @param what     what is wrong, naming the target
 * @param evidence figures behind it
 * @param cause    the likely cause
 * @param next     the next step
 * @param actions  links into the console (UI routes such as {@code #/groups/orders})
 */
public record Hint(String problem, String title, String what, List<String> evidence, String cause, String next,
                   List<Action> actions) {

    /**
     * A link to the page where the next step is taken ({@code href}), or a one-click operation: {@code method}
     * and {@code path} of the console API, asked for after the user confirms {@code confirm} (operations are
     * still checked against the user's role and audited as usual).
     */
    public record Action(String label, String href, String method, String path, String confirm) {
        public Action(String label, String href) {
            this(label, href, null, null, null);
        }

        /** A console API call made after the user confirms {@code confirm}. */
        public static Action call(String label, String method, String path, String confirm) {
            return new Action(label, null, method, path, confirm);
        }
    }
}
