/*
 * The page address (slug) in the Wagtail admin, made as the title is typed, keeping
 * every Lao letter, vowel and tone mark. It takes the place of Wagtail's slug script,
 * which drops combining marks (see swg/slug_marks.py), and makes the same slug as
 * swg/page_slugs.py: Lao spelling variants folded, lower case, punctuation dropped,
 * words joined by hyphens, the first `maxWords` words within `maxLength` characters;
 * a longer first word (Lao without spaces) is cut after the last Lao word that fits
 * (from the browser's segmenter).
 */
(() => {
  const { Controller } = window.StimulusModule;

  const LAO_FIXES = [
    [/\u0ecd([\u0ec8-\u0ecb]?)\u0eb2/gu, '$1\u0eb3'], // ໍ + າ -> ຳ
    [/\u0eab\u0e99/gu, '\u0edc'], // ຫນ -> ໜ
    [/\u0eab\u0ea1/gu, '\u0edd'], // ຫມ -> ໝ
  ];
  const LAO_RUN = /([\u0e80-\u0eff]+)/u;
  const segmenter =
    typeof Intl !== 'undefined' && Intl.Segmenter
      ? new Intl.Segmenter('lo', { granularity: 'word' })
      : null;

  const clean = (value) => {
    let text = (value || '').normalize('NFC');
    // Control and format characters (zero-width space, joiners, soft hyphen) go.
    text = text.replace(/[\p{Cc}\p{Cf}]/gu, (ch) => (/\s/u.test(ch) ? ' ' : ''));
    LAO_FIXES.forEach(([pattern, replacement]) => {
      text = text.replace(pattern, replacement);
    });
    text = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}_\s-]/gu, '');
    return text
      .split(/[-\s]+/u)
      .filter(Boolean)
      .join('-');
  };

  // The pieces of one word of a slug, its Lao runs split into Lao words.
  const piecesOf = (word) => {
    const pieces = [];
    word.split(LAO_RUN).forEach((run) => {
      if (!run) return;
      if (segmenter && LAO_RUN.test(run)) {
        Array.from(segmenter.segment(run), (segment) => pieces.push(segment.segment));
      } else {
        pieces.push(run);
      }
    });
    return pieces;
  };

  const cut = (text, length) => {
    let end = Math.min(length, text.length);
    while (end > 0 && end < text.length && /\p{M}/u.test(text[end])) end -= 1;
    return text.slice(0, end);
  };

  // A first word longer than the slug may be: cut after the last Lao word that fits.
  const shortenWord = (word, maxLength) => {
    let short = '';
    const pieces = piecesOf(word);
    for (let index = 0; index < pieces.length; index += 1) {
      if (short.length + pieces[index].length > maxLength) break;
      short += pieces[index];
    }
    return short || cut(word, maxLength);
  };

  // The first words of the slug, at most `maxWords` and `maxLength` characters.
  const shorten = (slug, maxWords, maxLength) => {
    const found = slug.split('-');
    let short = '';
    for (let count = 0; count < found.length; count += 1) {
      const word = found[count];
      const added = short ? `-${word}` : word;
      if (count === maxWords || short.length + added.length > maxLength) break;
      short += added;
    }
    return short || (slug ? shortenWord(found[0], maxLength) : '');
  };

  class PageSlugController extends Controller {
    static values = {
      maxWords: { type: Number, default: 6 },
      maxLength: { type: Number, default: 50 },
    };

    fromTitle(title) {
      return shorten(clean(title), this.maxWordsValue, this.maxLengthValue);
    }

    /** On leaving the field: what a person typed, cleaned but not shortened. */
    slugify() {
      this.element.value = clean(this.element.value);
    }

    /** The title changed (w-sync:apply): the slug follows it. */
    urlify(event) {
      const title = event && event.detail ? event.detail.value : this.element.value;
      this.element.value = this.fromTitle(title);
    }

    /** Before following the title (w-sync:check): only while the slug is still the
     * title's, so a slug a person chose is kept. */
    compare(event) {
      if (!this.element.value) return true;
      const title = (event && event.detail && event.detail.value) || '';
      const same = this.fromTitle(title) === this.element.value;
      if (!same && event) event.preventDefault();
      return same;
    }
  }

  window.wagtail.app.register('page-slug', PageSlugController);
})();
