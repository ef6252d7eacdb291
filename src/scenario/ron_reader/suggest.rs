//! "Did you mean" suggestions for misspelt field names, variant names and ids.

/// Closest candidate by case-insensitive edit distance, when it is close enough to be a plausible typo; also matches exact case-insensitive equality (e.g. "deu" -> "DEU").
///
/// "Close enough", measured in characters of `word` (n) after lowercasing, with a swap
/// of two neighbouring letters counting as one edit:
/// - n <= 2: at most 1 edit (and for n = 1 only a case-insensitive match, since every
///   one-letter word is one edit from every other);
/// - n >= 3: at most max(2, n / 3) edits, so short codes such as "GER" still reach "DEU"
///   (2 edits), while "xyz" does not reach "DEU" (3 edits).
///
/// A suggestion must also keep at least one character in common position, i.e. the
/// distance must be smaller than the longer of the two words. Ties go to the earliest
/// candidate, so callers control preference by ordering.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let n = word.len();
    let threshold = match n {
        0 => return None,
        1 => 0,
        2 => 1,
        _ => (n / 3).max(2),
    };
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let cand: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        // Cheap reject before the quadratic distance: lengths alone bound the distance.
        if cand.len().abs_diff(n) > threshold {
            continue;
        }
        let d = distance(&word, &cand);
        if d > threshold || d >= n.max(cand.len()) {
            continue;
        }
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance: Levenshtein plus adjacent transposition, because
/// swapped letters ("titel") are the most common typo in hand-written files.
fn distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut prev2: Vec<usize> = vec![0; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur: Vec<usize> = vec![0; width];
    for (i, &ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(usize::MAX).saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            let sub = prev.get(j).copied().unwrap_or(usize::MAX).saturating_add(cost);
            let mut best = del.min(ins).min(sub);
            if i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca) && ca != cb {
                let swap = prev2.get(j - 1).copied().unwrap_or(usize::MAX).saturating_add(1);
                best = best.min(swap);
            }
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = best;
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_letter_codes_reach_two_edits() {
        // The modding docs' example: "GER" is 2 edits from "DEU", which the threshold
        // for three-letter words must allow.
        assert_eq!(did_you_mean("GER", ["DEU", "FRA", "ITA"]), Some("DEU"));
        // Edit distance cannot know that GER means Germany: with "GBR" on the list (1
        // edit) that is the closer spelling, so it wins. Meaning-based aliases belong in
        // the validator, before it falls back to spelling.
        assert_eq!(did_you_mean("GER", ["DEU", "FRA", "GBR"]), Some("GBR"));
    }

    #[test]
    fn nothing_alike_gives_no_suggestion() {
        assert_eq!(did_you_mean("xyz", ["DEU"]), None);
        assert_eq!(did_you_mean("weight", ["id", "title", "text"]), None);
        assert_eq!(did_you_mean("", ["a"]), None);
        assert_eq!(did_you_mean("a", ["b"]), None, "one-letter words only match by case");
    }

    #[test]
    fn case_only_difference_matches() {
        assert_eq!(did_you_mean("deu", ["FRA", "DEU"]), Some("DEU"));
        assert_eq!(did_you_mean("A", ["b", "a"]), Some("a"));
    }

    #[test]
    fn swapped_letters_count_as_one_edit() {
        assert_eq!(distance(&chars("titel"), &chars("title")), 1);
        assert_eq!(did_you_mean("titel", ["id", "title", "text"]), Some("title"));
        assert_eq!(did_you_mean("AdversaryIntentAbov", ["Flag", "AdversaryIntentAbove"]), Some("AdversaryIntentAbove"));
    }

    #[test]
    fn closest_and_earliest_candidate_wins() {
        assert_eq!(did_you_mean("tex", ["text", "title", "tex"]), Some("tex"));
        assert_eq!(did_you_mean("abcd", ["abxx", "abcx", "abcy"]), Some("abcx"));
    }

    #[test]
    fn two_letter_words_allow_one_edit() {
        assert_eq!(did_you_mean("ib", ["id", "title"]), Some("id"));
        assert_eq!(did_you_mean("xy", ["id"]), None);
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }
}
