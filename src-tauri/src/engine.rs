//! How the web engine is set up for a forms app that must stay light.
//!
//! On Linux (WebKitGTK) the page is drawn without GPU compositing and WebKit's memory
//! caches are kept to the minimum. Accord's pages are forms and tables: nothing on them
//! animates or needs the GPU, and with compositing on, WebKit keeps backing stores and a
//! GL context in the web process that cost about 95 MB here (measured in
//! docs/performance.md, "The desktop app"). Windows (WebView2) and macOS keep their
//! defaults.

/// Applies the settings to the window's webview, before its page has drawn.
pub fn tune(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = webview.inner();
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if let Err(e) = applied {
            eprintln!("accord: could not tune the web engine ({e}); carrying on with its defaults");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
