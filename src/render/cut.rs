//! Pages cut from a laid-out document: each eSTAR attachment is a run of the submission's own
//! pages, not a second layout.
//!
//! Laying the submission out is the build's largest cost (most of it at 10,000 artifacts);
//! laying each attachment out again doubled it. An attachment instead takes the submission's
//! pages from one section heading to the next section it does not carry: the first page from
//! the heading down (moved up to the top of the page body), the last page down to the next
//! heading, every page's header and footer as they are. The frames are the submission's, so
//! an attachment reads exactly as the pages it reproduces, page numbers included.
//!
//! A page's body is the band between its top and bottom margins; what lies outside it (the
//! running header and footer) is always kept. Inside it, an item belongs to the stretch its
//! top lies in: typst places a section heading's start below everything before it, so one
//! height divides the two sections. Groups that straddle a cut are opened and cut inside.

use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point};
use typst::model::Destination;
use typst_layout::Page;

/// Tolerance on heights, for items that touch a cut exactly.
const EPS: f64 = 0.01;
/// How far an item of the body may reach into a margin: a table's border is drawn half its
/// stroke outside the table, so a table at the top of the body starts a little above it.
const MARGIN_SLACK: f64 = 2.0;

/// A place in a laid-out document: a page (counted from 0) and a height on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    /// The page, from 0.
    pub page: usize,
    /// The height on the page, from its top edge.
    pub y: Abs,
}

impl Mark {
    fn before(&self, other: &Mark) -> bool {
        (self.page, self.y.to_pt()) < (other.page, other.y.to_pt())
    }
}

/// A stretch of a document: from a mark up to another (not included), or to the end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stretch {
    /// Where it starts (a section heading).
    pub from: Mark,
    /// Where the next section it does not carry starts; `None`: the end of the document.
    pub to: Option<Mark>,
}

/// The page margins that bound the body (what lies above `top` or within `bottom` of the
/// lower edge is the header or footer).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// The top margin.
    pub top: Abs,
    /// The bottom margin.
    pub bottom: Abs,
}

/// Sorts stretches and joins those that overlap or touch, so a section and its subsection,
/// or two sections that follow each other, make one run of pages.
pub fn merge(mut stretches: Vec<Stretch>) -> Vec<Stretch> {
    stretches.sort_by(|a, b| {
        (a.from.page, a.from.y.to_pt())
            .partial_cmp(&(b.from.page, b.from.y.to_pt()))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut out: Vec<Stretch> = Vec::with_capacity(stretches.len());
    for s in stretches {
        if let Some(last) = out.last_mut() {
            // Joined when it starts before (or where) the last one ends.
            let joins = match last.to {
                None => true,
                Some(end) => !end.before(&s.from),
            };
            if joins {
                last.to = match (last.to, s.to) {
                    (None, _) | (_, None) => None,
                    (Some(a), Some(b)) => Some(if a.before(&b) { b } else { a }),
                };
                continue;
            }
        }
        out.push(s);
    }
    out
}

/// The pages (0-based, inclusive) a stretch covers: up to the page before its end when the
/// next section starts at the top of a page.
pub fn page_range(stretch: &Stretch, margins: Margins, pages: usize) -> (usize, usize) {
    let last = match stretch.to {
        None => pages.saturating_sub(1),
        Some(to) if to.y.to_pt() <= margins.top.to_pt() + EPS => to.page.saturating_sub(1),
        Some(to) => to.page,
    };
    (stretch.from.page, last.max(stretch.from.page))
}

/// The pages of a stretch, cut from `pages`.
pub fn cut(stretch: &Stretch, margins: Margins, pages: &[Page]) -> Vec<Page> {
    let (first, last) = page_range(stretch, margins, pages.len());
    let mut out = Vec::new();
    for (index, page) in pages.iter().enumerate().take(last + 1).skip(first) {
        let from = if index == stretch.from.page {
            stretch.from.y
        } else {
            -Abs::inf()
        };
        let to = match stretch.to {
            Some(to) if to.page == index => to.y,
            _ => Abs::inf(),
        };
        // The first page's body moves up so that the section starts at its top.
        let shift = if index == stretch.from.page {
            (stretch.from.y - margins.top).max(Abs::zero())
        } else {
            Abs::zero()
        };
        let band = Band {
            top: margins.top,
            bottom: page.frame.height() - margins.bottom,
            from,
            to,
            shift,
        };
        let mut page = page.clone();
        page.frame = crop(&page.frame, Abs::zero(), &band);
        out.push(page);
    }
    out
}

/// What one page keeps: the body band `[top, bottom)` and, inside it, `[from, to)`, moved up
/// by `shift`.
struct Band {
    top: Abs,
    bottom: Abs,
    from: Abs,
    to: Abs,
    shift: Abs,
}

/// What to do with an item whose top is at `y` and which reaches down to `y + height`.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// Outside the body (header, footer): kept where it is.
    Margin,
    /// Inside the kept stretch: kept, moved up.
    Keep,
    /// Outside the kept stretch: dropped.
    Drop,
    /// Across a cut: opened.
    Open,
}

fn verdict(y: Abs, height: Abs, band: &Band) -> Verdict {
    let (y, bottom) = (y.to_pt(), (y + height).to_pt());
    let above = y < band.top.to_pt() - MARGIN_SLACK && bottom <= band.top.to_pt() + MARGIN_SLACK;
    if above || y >= band.bottom.to_pt() + MARGIN_SLACK {
        Verdict::Margin
    } else if y >= band.from.to_pt() - EPS && bottom <= band.to.to_pt() + EPS {
        Verdict::Keep
    } else if bottom <= band.from.to_pt() + EPS || y >= band.to.to_pt() - EPS {
        Verdict::Drop
    } else {
        Verdict::Open
    }
}

/// How far down an item other than a group reaches from its position: a shape's or an
/// image's height (a table's vertical border is a line as tall as the table), nothing for a
/// line of text (placed by its baseline) or a tag.
fn leaf_height(item: &FrameItem) -> Abs {
    match item {
        FrameItem::Shape(shape, _) => shape.bbox(true).max.y.max(Abs::zero()),
        FrameItem::Image(_, size, _) | FrameItem::Link(_, size) => size.y,
        _ => Abs::zero(),
    }
}

/// Crops a frame whose top is at `dy` on the page.
fn crop(frame: &Frame, dy: Abs, band: &Band) -> Frame {
    let mut out = empty_like(frame);
    for (pos, item) in frame.items() {
        let y = dy + pos.y;
        let moved = Point::new(pos.x, pos.y - band.shift);
        match item {
            FrameItem::Group(group) if group.transform.is_identity() => {
                match verdict(y, group.frame.height(), band) {
                    Verdict::Margin => out.push(*pos, item.clone()),
                    Verdict::Keep => out.push(moved, item.clone()),
                    Verdict::Drop => {}
                    Verdict::Open => {
                        let inner = crop(&group.frame, y, band);
                        if !inner.is_empty() {
                            out.push(
                                *pos,
                                FrameItem::Group(GroupItem {
                                    frame: inner,
                                    ..group.clone()
                                }),
                            );
                        }
                    }
                }
            }
            // Anything else belongs where its top is (a line of text by its baseline, which
            // lies below the cut above it and above the cut below it).
            _ => match verdict(y, leaf_height(item), band) {
                Verdict::Margin => out.push(*pos, item.clone()),
                Verdict::Keep => out.push(moved, item.clone()),
                Verdict::Open
                    if y.to_pt() >= band.from.to_pt() - EPS && y.to_pt() < band.to.to_pt() =>
                {
                    out.push(moved, item.clone())
                }
                Verdict::Open | Verdict::Drop => {}
            },
        }
    }
    out
}

/// An empty frame of the same size, kind and baseline, to rebuild `frame` into.
fn empty_like(frame: &Frame) -> Frame {
    let mut out = Frame::new(frame.size(), frame.kind());
    if frame.has_baseline() {
        out.set_baseline(frame.baseline());
    }
    out
}

/// `frame` without the items `drop` names, through every group.
fn without(frame: &Frame, drop: &dyn Fn(&FrameItem) -> bool) -> Frame {
    let mut out = empty_like(frame);
    for (pos, item) in frame.items() {
        match item {
            _ if drop(item) => {}
            FrameItem::Group(group) => out.push(
                *pos,
                FrameItem::Group(GroupItem {
                    frame: without(&group.frame, drop),
                    ..group.clone()
                }),
            ),
            _ => out.push(*pos, item.clone()),
        }
    }
    out
}

/// Drops the links `keep` refuses (in an attachment: those into pages it does not carry),
/// through every group.
pub fn drop_links(frame: &Frame, keep: &dyn Fn(&Destination) -> bool) -> Frame {
    without(
        frame,
        &|item| matches!(item, FrameItem::Link(dest, _) if !keep(dest)),
    )
}

/// Drops every introspection tag (a cover laid out on its own carries none into the
/// attachment's pages, whose elements are the submission's).
pub fn drop_tags(frame: &Frame) -> Frame {
    without(frame, &|item| matches!(item, FrameItem::Tag(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::Size;
    use typst::model::Url;

    fn pt(v: f64) -> Abs {
        Abs::pt(v)
    }

    /// A leaf item that names itself: a link to `https://n/`.
    fn leaf(name: &str) -> FrameItem {
        FrameItem::Link(
            Destination::Url(Url::new(format!("https://{name}/")).expect("url")),
            Size::new(pt(10.0), pt(5.0)),
        )
    }

    fn names(frame: &Frame, dy: f64, out: &mut Vec<(String, f64)>) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Link(Destination::Url(u), _) => out.push((
                    u.as_str()
                        .trim_start_matches("https://")
                        .trim_end_matches('/')
                        .to_string(),
                    dy + pos.y.to_pt(),
                )),
                FrameItem::Group(g) => names(&g.frame, dy + pos.y.to_pt(), out),
                _ => {}
            }
        }
    }

    /// A page 100 pt high, margins 10/10: header at 2, body group at 10 holding items at
    /// body heights 0, 20, 40, 60, footer at 95.
    fn page() -> Page {
        let mut body = Frame::soft(Size::new(pt(80.0), pt(80.0)));
        for (i, y) in [0.0, 20.0, 40.0, 60.0].into_iter().enumerate() {
            body.push(Point::new(pt(0.0), pt(y)), leaf(&format!("b{i}")));
        }
        let mut frame = Frame::hard(Size::new(pt(100.0), pt(100.0)));
        frame.push(Point::new(pt(10.0), pt(2.0)), leaf("header"));
        frame.push(
            Point::new(pt(10.0), pt(10.0)),
            FrameItem::Group(GroupItem::new(body)),
        );
        frame.push(Point::new(pt(10.0), pt(95.0)), leaf("footer"));
        Page {
            frame,
            bleed: Default::default(),
            fill: typst::foundations::Smart::Auto,
            numbering: None,
            supplement: Default::default(),
            number: 1,
        }
    }

    fn margins() -> Margins {
        Margins {
            top: pt(10.0),
            bottom: pt(10.0),
        }
    }

    fn mark(page: usize, y: f64) -> Mark {
        Mark { page, y: pt(y) }
    }

    fn kept(page: &Page) -> Vec<(String, f64)> {
        let mut out = Vec::new();
        names(&page.frame, 0.0, &mut out);
        out
    }

    #[test]
    fn a_stretch_keeps_its_part_of_the_body_and_every_header_and_footer() {
        let pages = vec![page(), page(), page()];
        // From the item at page height 30 (body 20) on page 0 to the one at 50 on page 2.
        let cut_pages = cut(
            &Stretch {
                from: mark(0, 28.0),
                to: Some(mark(2, 48.0)),
            },
            margins(),
            &pages,
        );
        assert_eq!(cut_pages.len(), 3);
        // The first page starts at the section, moved up to the top of the body.
        assert_eq!(
            kept(&cut_pages[0]),
            vec![
                ("header".into(), 2.0),
                ("b1".into(), 12.0),
                ("b2".into(), 32.0),
                ("b3".into(), 52.0),
                ("footer".into(), 95.0)
            ]
        );
        // A middle page is whole.
        assert_eq!(kept(&cut_pages[1]), kept(&pages[1]));
        // The last page stops before the next section.
        assert_eq!(
            kept(&cut_pages[2]),
            vec![
                ("header".into(), 2.0),
                ("b0".into(), 10.0),
                ("b1".into(), 30.0),
                ("footer".into(), 95.0)
            ]
        );
    }

    #[test]
    fn a_table_border_just_above_the_body_belongs_to_the_body() {
        // A vertical border of a table that starts at the top of the body is drawn from half
        // its stroke above it; it belongs to that table, not to the header.
        let mut p = page();
        let border = typst::visualize::Geometry::Line(Point::with_y(pt(30.0)))
            .stroked(typst::visualize::FixedStroke::default());
        p.frame.push(
            Point::new(pt(50.0), pt(9.8)),
            FrameItem::Shape(border, typst::syntax::Span::detached()),
        );
        let shapes = |page: &Page| {
            page.frame
                .items()
                .filter(|(_, i)| matches!(i, FrameItem::Shape(..)))
                .count()
        };
        let first = Stretch {
            from: mark(0, 45.0),
            to: None,
        };
        assert_eq!(shapes(&cut(&first, margins(), &[p.clone()])[0]), 0);
        // On a page the stretch runs through, the table is kept, border and all.
        let through = Stretch {
            from: mark(0, 10.0),
            to: None,
        };
        assert_eq!(shapes(&cut(&through, margins(), &[page(), p])[1]), 1);
    }

    #[test]
    fn a_stretch_ending_at_the_top_of_a_page_stops_on_the_page_before() {
        let stretch = Stretch {
            from: mark(1, 10.0),
            to: Some(mark(3, 10.0)),
        };
        assert_eq!(page_range(&stretch, margins(), 5), (1, 2));
        let open = Stretch {
            from: mark(1, 10.0),
            to: None,
        };
        assert_eq!(page_range(&open, margins(), 5), (1, 4));
        let pages = vec![page(), page(), page(), page(), page()];
        assert_eq!(cut(&stretch, margins(), &pages).len(), 2);
    }

    #[test]
    fn stretches_that_overlap_or_touch_merge_in_order() {
        let a = Stretch {
            from: mark(2, 10.0),
            to: Some(mark(5, 40.0)),
        };
        let inner = Stretch {
            from: mark(3, 20.0),
            to: Some(mark(4, 10.0)),
        };
        let touching = Stretch {
            from: mark(5, 40.0),
            to: Some(mark(6, 10.0)),
        };
        let apart = Stretch {
            from: mark(0, 10.0),
            to: Some(mark(1, 50.0)),
        };
        assert_eq!(
            merge(vec![touching, inner, a, apart]),
            vec![
                apart,
                Stretch {
                    from: mark(2, 10.0),
                    to: Some(mark(6, 10.0))
                }
            ]
        );
        let to_end = Stretch {
            from: mark(4, 10.0),
            to: None,
        };
        assert_eq!(merge(vec![a, to_end])[0].to, None);
    }

    #[test]
    fn links_are_dropped_through_groups_and_tags_removed() {
        let p = page();
        let kept_links = drop_links(
            &p.frame,
            &|d| !matches!(d, Destination::Url(u) if u.as_str().contains("b2")),
        );
        let mut names_left = Vec::new();
        names(&kept_links, 0.0, &mut names_left);
        assert!(names_left.iter().all(|(n, _)| n != "b2"));
        assert_eq!(names_left.len(), 5);
        assert_eq!(drop_tags(&p.frame).items().count(), 3);
    }
}
