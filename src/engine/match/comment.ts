// comment: iptables-extensions(8) "comment". --comment text, at most 255 characters; it never changes whether the
// rule matches. iptables-save quotes the text unless it is one bare word.
import type { MatchModule } from '../ext/types.ts';
import { say } from './util/explain.ts';
import { arg, checkOptions, fail, ok } from './util/options.ts';
import { saveString, utf8Length } from './util/strings.ts';
import { quoted } from '../translate/words.ts';

/**
 * The comment's text itself, not an object holding it: nearly every rule of a kube-proxy dump has a comment, and
 * a wrapper would be one more object kept per rule.
 */
export type CommentData = string;

/** XT_MAX_COMMENT_LEN is 256 bytes including the terminating NUL. */
const MAX_COMMENT_BYTES = 255;
const MAX_TRANSLATED_COMMENT = 255;

export const commentMatch: MatchModule<CommentData> = {
  name: 'comment',
  // libxt_comment.txlate: the rule's comment, printed after the verdict (the rule translator puts it there).
  // iptables 1.8.9 writes the quoted comment into a 256-byte buffer: past 253 characters it is cut to 255
  // characters with its NUL, the closing quote lost (`"xxx…` for a comment of 254 or 255 characters).
  translate: (data) => quoted(data).slice(0, MAX_TRANSLATED_COMMENT),
  options: { '--comment': { args: 1 } },
  parse(options) {
    const problem = checkOptions('comment', options, this.options);
    if (problem) return problem;
    const option = options[0];
    if (!option) return fail('needs-option', { module: 'comment', option: '--comment' });
    const text = arg(option);
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4): a text of 85 units or fewer
    // fits, and kube-proxy's comments (one per rule) are not counted byte by byte.
    if (text.length > MAX_COMMENT_BYTES / 3 && utf8Length(text) > MAX_COMMENT_BYTES)
      return fail('comment-too-long', { max: MAX_COMMENT_BYTES }, option);
    return ok(text);
  },
  save(data) {
    return `--comment ${saveString(data)}`;
  },
  list(data) {
    return ` /* ${data} */`;
  },
  evaluate(data) {
    return { matched: true, explain: [say('match.comment', true, { text: data })] };
  },
};
