/* The admin's slug proposals follow the server's rule (common/text.py, slug_da):
   æ→ae, ø→oe, å→aa, then Django's slugify. Django's prepopulate.js calls the
   global URLify(), which would make "Læsø" "laeso"; this replaces it, after
   urlify.js has defined it, with the same steps as the server takes, so the
   address proposed while typing is the one saving an empty field would give. */
'use strict';
{
    const DANISH_LETTERS = {'æ': 'ae', 'ø': 'oe', 'å': 'aa', 'Æ': 'Ae', 'Ø': 'Oe', 'Å': 'Aa'};
    const djangoURLify = window.URLify;

    // Django's slugify (allow_unicode=False), step for step. Python's \s also
    // matches the separators \x1c-\x1f, JavaScript's does not: named here.
    function slugDa(value) {
        let s = String(value).replace(/[æøåÆØÅ]/g, (letter) => DANISH_LETTERS[letter]);
        s = s.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
        s = s.toLowerCase().replace(/[^\w\s\x1c-\x1f-]/g, '');
        return s.replace(/[-\s\x1c-\x1f]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
    }

    function URLify(s, numChars, allowUnicode) {
        if (allowUnicode && djangoURLify) {
            return djangoURLify(s, numChars, allowUnicode);
        }
        return slugDa(s).substring(0, numChars).replace(/-+$/g, '');
    }

    window.slugDa = slugDa;
    window.URLify = URLify;
}
