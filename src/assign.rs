//! One-to-one assignment: given scored pairs (left, right, score), choose the
//! set of pairs with the highest total score in which no left and no right
//! item appears twice. Used for fragments ↔ continuations and for jump heads ↔
//! continuations.
//!
//! The pairs split into connected components; each small component is solved
//! exactly (Hungarian method), a large one best-first, so the cost stays near
//! linear in the number of pairs when each item has only a few candidates.

use std::collections::HashMap;

/// Components up to this many items on one side are solved exactly.
const EXACT_LIMIT: usize = 64;

/// Chosen pairs as indices into `pairs`, in ascending order.
pub fn best_pairs(pairs: &[(usize, usize, f64)]) -> Vec<usize> {
    let components = components(pairs);
    let mut chosen = Vec::new();
    for comp in components {
        let lefts: Vec<usize> = dedup(comp.iter().map(|&p| pairs[p].0));
        let rights: Vec<usize> = dedup(comp.iter().map(|&p| pairs[p].1));
        if lefts.len().max(rights.len()) <= EXACT_LIMIT {
            chosen.extend(hungarian(pairs, &comp, &lefts, &rights));
        } else {
            chosen.extend(best_first(pairs, &comp));
        }
    }
    chosen.sort_unstable();
    chosen
}

fn dedup(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut v: Vec<usize> = it.collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn components(pairs: &[(usize, usize, f64)]) -> Vec<Vec<usize>> {
    // Union-find over left items and right items (rights offset into their own id space).
    let mut ids: HashMap<(bool, usize), usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut id = |key: (bool, usize), parent: &mut Vec<usize>| {
        *ids.entry(key).or_insert_with(|| {
            parent.push(parent.len());
            parent.len() - 1
        })
    };
    let mut ends = Vec::with_capacity(pairs.len());
    for &(l, r, _) in pairs {
        let a = id((false, l), &mut parent);
        let b = id((true, r), &mut parent);
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra] = rb;
        }
        ends.push(a);
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for (p, &a) in ends.iter().enumerate() {
        let root = find(&mut parent, a);
        groups.entry(root).or_default().push(p);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().collect();
    out.sort_by_key(|g| g[0]);
    out
}

fn best_first(pairs: &[(usize, usize, f64)], comp: &[usize]) -> Vec<usize> {
    let mut order = comp.to_vec();
    order.sort_by(|&a, &b| pairs[b].2.total_cmp(&pairs[a].2).then(a.cmp(&b)));
    let (mut used_l, mut used_r) = (Vec::new(), Vec::new());
    let mut out = Vec::new();
    for p in order {
        let (l, r, _) = pairs[p];
        if !used_l.contains(&l) && !used_r.contains(&r) {
            used_l.push(l);
            used_r.push(r);
            out.push(p);
        }
    }
    out
}

/// Maximum-weight matching where leaving an item unmatched scores 0, so only
/// pairs with a positive score are ever chosen.
fn hungarian(pairs: &[(usize, usize, f64)], comp: &[usize], lefts: &[usize], rights: &[usize]) -> Vec<usize> {
    let n = lefts.len();
    let m = rights.len();
    // Square cost matrix of size n + m: real rights, then one "unmatched" slot per left.
    let size = n + m;
    let mut best: HashMap<(usize, usize), usize> = HashMap::new();
    for &p in comp {
        let (l, r, s) = pairs[p];
        let li = lefts.binary_search(&l).unwrap();
        let ri = rights.binary_search(&r).unwrap();
        if s > 0.0 && best.get(&(li, ri)).is_none_or(|&q| pairs[q].2 < s) {
            best.insert((li, ri), p);
        }
    }
    const FORBIDDEN: f64 = 1e9;
    let mut cost = vec![vec![0.0f64; size]; size];
    for (i, row) in cost.iter_mut().enumerate() {
        for (j, c) in row.iter_mut().enumerate() {
            *c = if i < n && j < m {
                best.get(&(i, j)).map_or(FORBIDDEN, |&p| -pairs[p].2)
            } else {
                0.0
            };
        }
    }
    let assignment = solve_min_cost(&cost);
    let mut out = Vec::new();
    for (i, &j) in assignment.iter().enumerate().take(n) {
        if j < m {
            if let Some(&p) = best.get(&(i, j)) {
                out.push(p);
            }
        }
    }
    out
}

/// Classic O(n³) Hungarian algorithm (Jonker-Volgenant style potentials) on a
/// square matrix; returns the column assigned to each row.
fn solve_min_cost(cost: &[Vec<f64>]) -> Vec<usize> {
    let n = cost.len();
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut p = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut ans = vec![0; n];
    for j in 1..=n {
        if p[j] > 0 {
            ans[p[j] - 1] = j - 1;
        }
    }
    ans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_total_score_over_greedy() {
        // Greedy would take (0,0,10) and leave 1 unmatched (total 10);
        // the best assignment is (0,1,9) + (1,0,8) = 17.
        let pairs = [(0, 0, 10.0), (0, 1, 9.0), (1, 0, 8.0)];
        assert_eq!(best_pairs(&pairs), vec![1, 2]);
    }

    #[test]
    fn never_takes_non_positive_pairs() {
        let pairs = [(0, 0, -1.0), (1, 1, 0.0), (2, 2, 0.5)];
        assert_eq!(best_pairs(&pairs), vec![2]);
    }

    #[test]
    fn independent_components() {
        let pairs = [(0, 0, 1.0), (5, 7, 2.0), (5, 8, 3.0), (6, 8, 0.5)];
        assert_eq!(best_pairs(&pairs), vec![0, 2]);
    }

    #[test]
    fn empty() {
        assert!(best_pairs(&[]).is_empty());
    }
}
