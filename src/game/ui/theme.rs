//! The look of the interface: a dark, map-friendly theme with readable type sizes.

use bevy_egui::egui::{self, Color32, FontId, Stroke, TextStyle};

/// Accent colour for headings and the primary button.
pub const ACCENT: Color32 = Color32::from_rgb(0x8E, 0xC5, 0xFF);
/// Good and bad changes.
pub const UP: Color32 = Color32::from_rgb(0x56, 0xB4, 0xE9);
pub const DOWN: Color32 = Color32::from_rgb(0xE6, 0x9F, 0x00);
pub const MUTED: Color32 = Color32::from_rgb(0x9A, 0xA4, 0xB0);
/// Opaque: the map is drawn only in the centre the panels leave free (see `map_cache`).
pub const PANEL: Color32 = Color32::from_rgb(0x13, 0x18, 0x21);

/// The frame of the campaign's panels: as any panel's, but without a fill. Behind them the
/// window already shows the panels' colour, copied in before egui draws (`map_cache`), which
/// costs far less than egui painting it when the renderer is software.
pub fn campaign_panel(style: &egui::Style) -> egui::Frame {
    egui::Frame::side_top_panel(style).fill(Color32::TRANSPARENT)
}

/// Applies the theme to a context. With a `software` renderer (no GPU) windows and menus go
/// without their soft shadows: those are large half-transparent areas blended over everything
/// below them, about a tenth of a busy campaign frame without a GPU; the borders still set the
/// windows apart.
pub fn apply(ctx: &egui::Context, software: bool) {
    ctx.set_visuals(egui::Visuals::dark());
    ctx.all_styles_mut(|style| {
        style.text_styles.insert(TextStyle::Heading, FontId::proportional(22.0));
        style.text_styles.insert(TextStyle::Body, FontId::proportional(14.5));
        style.text_styles.insert(TextStyle::Button, FontId::proportional(14.5));
        style.text_styles.insert(TextStyle::Small, FontId::proportional(12.0));
        style.text_styles.insert(TextStyle::Monospace, FontId::monospace(13.0));
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
        style.visuals.panel_fill = PANEL;
        style.visuals.window_fill = Color32::from_rgb(0x16, 0x1C, 0x26);
        style.visuals.window_stroke = Stroke::new(1.0, Color32::from_rgb(0x3A, 0x4A, 0x60));
        style.visuals.selection.bg_fill = Color32::from_rgb(0x1F, 0x5A, 0x8C);
        style.visuals.hyperlink_color = ACCENT;
        style.interaction.tooltip_delay = 0.25;
        // Unhinted glyphs, as egui drew them for years: hinting runs each glyph's bytecode when it
        // is first drawn at a size, which took about half of the title's first egui frame (8.5 ms
        // against 4.6) and 10-15 ms of the campaign's; the type stays as even, a shade softer.
        style.visuals.text_options.font_hinting = false;
        if software {
            style.visuals.window_shadow = egui::Shadow::NONE;
            style.visuals.popup_shadow = egui::Shadow::NONE;
        }
    });
}

/// A signed change, coloured: rising numbers blue, falling orange (colour-blind safe).
pub fn delta_text(delta: f64, decimals: usize) -> egui::RichText {
    let text = format!("{:+.*}", decimals, delta);
    let color = if delta > 0.0 {
        UP
    } else if delta < 0.0 {
        DOWN
    } else {
        MUTED
    };
    egui::RichText::new(text).color(color)
}

/// The last change of a number, compact: "+2", "-3", or a dot when it hardly moved.
pub fn arrow(delta: f64) -> egui::RichText {
    if delta.abs() < 0.5 { egui::RichText::new("·").color(MUTED) } else { delta_text(delta, 0).small() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fonts_made_after_the_theme_is_applied_take_its_text_options() {
        let ctx = egui::Context::default();
        apply(&ctx, true);
        // The first pass makes the fonts; the theme was applied before it, as at startup.
        ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
        assert!(!ctx.fonts(|f| f.options().font_hinting), "the fonts were made without the theme's options");
        assert_eq!(ctx.global_style().text_styles[&TextStyle::Body], FontId::proportional(14.5));
        assert_eq!(
            ctx.global_style().visuals.window_shadow,
            egui::Shadow::NONE,
            "a software renderer draws no shadows"
        );
        let gpu = egui::Context::default();
        apply(&gpu, false);
        assert_ne!(gpu.global_style().visuals.window_shadow, egui::Shadow::NONE);
    }
}
