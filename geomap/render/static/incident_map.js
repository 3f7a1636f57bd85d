/* geomap incident map: markers by action type, clusters, layers per actor and action, heat
 * map, approximate areas, counts per country, a time slider and an offline basemap.
 *
 * Article text arrives as JSON data and reaches the page only through textContent and text
 * nodes. The one exception is Leaflet's layer control, which takes HTML names: those are
 * escaped with esc(). */
(function () {
  "use strict";

  function esc(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text !== undefined && text !== null) { el.textContent = text; }
    return el;
  }

  function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // Glyph path data and colours come from geomap/render/styles.py, never from articles.
  function glyphSvg(path) {
    return "<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"" + esc(path) +
      "\"/></svg>";
  }

  function evidence(sentence, place) {
    var box = node("blockquote", "gm-evidence");
    var lower = sentence.toLowerCase();
    var at = place && lower.length === sentence.length ? lower.indexOf(place.toLowerCase()) : -1;
    if (at < 0) { box.textContent = sentence; return box; }
    box.appendChild(document.createTextNode(sentence.slice(0, at)));
    box.appendChild(node("mark", null, sentence.slice(at, at + place.length)));
    box.appendChild(document.createTextNode(sentence.slice(at + place.length)));
    return box;
  }

  window.geomapIncidentMap = function (map, data, opts) {
    var F = {};
    data.fields.forEach(function (name, i) { F[name] = i; });
    var S = data.strings, rows = data.rows, dates = data.dates;
    var state = {
      actions: data.actions.map(function () { return true; }),
      actors: data.actors.map(function () { return true; }),
      dateMax: dates.length
    };

    map.createPane("gmBasemap").style.zIndex = 150;
    map.createPane("gmChoropleth").style.zIndex = 350;
    map.createPane("gmAreas").style.zIndex = 390;

    /* Base layers: the page's tile layers, and country outlines when there is no tile server. */
    var baseLayers = {};
    Object.keys(opts.tiles).forEach(function (name) { baseLayers[esc(name)] = opts.tiles[name]; });
    if (data.basemap) {
      var outlines = L.geoJSON(data.basemap, {
        renderer: L.canvas({ pane: "gmBasemap" }), interactive: false,
        style: { color: "#8b96a0", weight: 0.7, fillColor: "#f2efe6", fillOpacity: 1 }
      });
      baseLayers["Country outlines (offline)"] = outlines;
      if (!Object.keys(opts.tiles).length) { outlines.addTo(map); }
      map.getContainer().classList.add("gm-sea");
    }

    /* Incidents per country. */
    var choropleth = L.geoJSON(data.choropleth, {
      pane: "gmChoropleth",
      style: function (f) {
        return { color: "#9c6b00", weight: 0.8, fillColor: f.properties.fill, fillOpacity: 0.45 };
      },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(node("span", null, f.properties.name + ": " +
          plural(f.properties.count, "incident")), { sticky: true });
      }
    }).addTo(map);

    /* Where approximate incidents are known to be: a country, a province, a sea. */
    // Shown at first only when few: hundreds of outlines would bury the markers.
    var areasGroup = L.layerGroup();
    if (data.areas.length <= 100) { areasGroup.addTo(map); }
    // Many areas are drawn on one canvas: thousands of SVG paths would slow the page down.
    var areaRenderer = data.areas.length > 200 ? L.canvas({ pane: "gmAreas" }) : undefined;
    var areaLayers = data.areas.map(function (a) {
      var water = a.precision === "water";
      var style = {
        pane: "gmAreas", renderer: areaRenderer, color: water ? "#1f78b4" : "#444", weight: 1.5, dashArray: "6 5",
        fillColor: water ? "#1f78b4" : "#777", fillOpacity: 0.08, className: "gm-area"
      };
      var layer = a.geometry ? L.geoJSON(a.geometry, { style: style, pane: "gmAreas" })
        : L.circle(a.center, L.extend({ radius: a.radius }, style));
      var label = data.precisions.filter(function (p) { return p.name === a.precision; })[0];
      layer.bindTooltip(node("span", null, S[a.name] + " (" + (label ? label.label : a.precision) +
        "): " + plural(a.count, "incident")), { sticky: true });
      return layer;
    });

    /* Markers: one per incident, styled by action type and precision. */
    var icons = {};
    function iconFor(a, p) {
      var key = a + "|" + p;
      if (!icons[key]) {
        var action = data.actions[a], prec = data.precisions[p];
        var badge = prec.approximate ?
          "<i class=\"gm-badge\">" + (prec.name === "water" ? "~" : "\u2248") + "</i>" : "";
        icons[key] = L.divIcon({
          className: "geomap-marker gm-a-" + a + " gm-p-" + esc(prec.name) +
            (prec.approximate ? " gm-approx" : ""),
          iconSize: [26, 26], iconAnchor: [13, 13],
          html: "<span class=\"gm-pin\" style=\"--gm-c:" + esc(action.colour) + "\">" +
            glyphSvg(action.glyph) + badge + "</span>"
        });
      }
      return icons[key];
    }
    var markers = rows.map(function (r, i) {
      var m = L.marker([r[F.lat], r[F.lon]], { icon: iconFor(r[F.action], r[F.precision]),
        alt: S[r[F.actor]] + " " + data.actions[r[F.action]].name });
      m._gmRow = i;
      return m;
    });

    function popupFor(i) {
      var r = rows[i], action = data.actions[r[F.action]], prec = data.precisions[r[F.precision]];
      var box = node("div", "gm-popup");
      var who = node("div", "gm-who");
      who.appendChild(node("b", "gm-actor", S[r[F.actor]] || "unknown actor"));
      who.appendChild(document.createTextNode(" \u2192 "));
      var act = node("span", "gm-action", action.name + (S[r[F.mode]] ? " (" + S[r[F.mode]] + ")" : ""));
      act.style.setProperty("--gm-c", action.colour);
      who.appendChild(act);
      if (S[r[F.target]]) {
        who.appendChild(document.createTextNode(" \u2192 "));
        who.appendChild(node("b", "gm-target", S[r[F.target]]));
      }
      box.appendChild(who);
      var where = node("div", "gm-where" + (prec.approximate ? " gm-approx-text" : ""));
      where.appendChild(node("b", null, S[r[F.place]] || "unnamed place"));
      where.appendChild(document.createTextNode(" \u00b7 " + prec.label));
      box.appendChild(where);
      var when = [r[F.date] >= 0 ? dates[r[F.date]] : "date unknown",
        "confidence " + Number(r[F.confidence]).toFixed(2)];
      box.appendChild(node("div", "gm-when", when.join(" \u00b7 ")));
      box.appendChild(evidence(S[r[F.sentence]], S[r[F.place]]));
      var src = node("div", "gm-source", "source: ");
      var title = S[r[F.title]] || S[r[F.doc]];
      var url = S[r[F.source]];
      if (/^https?:\/\//i.test(url)) {
        var link = node("a", null, title || url);
        link.href = url; link.target = "_blank"; link.rel = "noopener noreferrer";
        src.appendChild(link);
      } else {
        src.appendChild(document.createTextNode(title + (url && url !== title ? " (" + url + ")" : "")));
      }
      box.appendChild(src);
      return box;
    }

    var popup = L.popup({ maxWidth: 380, minWidth: 240, autoPanPadding: [40, 40] });
    var group = L.markerClusterGroup({
      chunkedLoading: true, chunkInterval: 300, chunkDelay: 5, showCoverageOnHover: false, spiderfyOnMaxZoom: true,
      maxClusterRadius: data.cluster ? 45 : 1,
      chunkProgress: function (done, total) {
        if (done === total) { window.__geomapReady = true; }
      }
    }).addTo(map);
    group.on("click", function (e) {
      popup.setLatLng(e.layer.getLatLng()).setContent(popupFor(e.layer._gmRow)).openOn(map);
    });
    group.on("mouseover", function (e) {
      var m = e.layer;
      if (!m.getTooltip()) {
        var r = rows[m._gmRow];
        m.bindTooltip(node("span", null, (S[r[F.actor]] || "unknown actor") + " \u2192 " +
          data.actions[r[F.action]].name + " \u00b7 " + (S[r[F.place]] || "")),
        { direction: "top", offset: [0, -12] }).openTooltip();
      }
    });

    var heat = L.heatLayer([], { radius: 22, blur: 18, minOpacity: 0.35, maxZoom: 9 });

    /* Filters: action and actor layers, and the time slider, all decide what is shown. */
    var shownLabel = document.querySelector("[data-gm-shown]");
    function visible(r) {
      return state.actions[r[F.action]] && state.actors[r[F.actor_layer]] &&
        (state.dateMax >= dates.length || (r[F.date] >= 0 && r[F.date] <= state.dateMax));
    }
    function refresh() {
      var shown = [], points = [], areaOn = {};
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        if (!visible(r)) { continue; }
        shown.push(markers[i]);
        points.push([r[F.lat], r[F.lon]]);
        if (r[F.area] >= 0) { areaOn[r[F.area]] = true; }
      }
      map.closePopup(popup);
      group.clearLayers();
      group.addLayers(shown);
      heat.setLatLngs(points);
      areasGroup.clearLayers();
      Object.keys(areaOn).forEach(function (k) { areasGroup.addLayer(areaLayers[k]); });
      window.geomapShown = shown.length;
      if (shownLabel) {
        shownLabel.textContent = shown.length === rows.length ? "" :
          "showing " + shown.length + " of " + rows.length;
      }
    }
    var pending = null;
    function schedule() {
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(function () { pending = null; refresh(); }, 60);
    }

    var overlays = {};
    data.actions.forEach(function (a, i) {
      var flag = L.layerGroup().addTo(map);
      flag._gmFilter = ["actions", i];
      overlays["<span class=\"gm-swatch\" style=\"background:" + esc(a.colour) + "\"></span>" +
        "action: " + esc(clip(a.name, 40) || "(none)") + " <small>(" + a.count + ")</small>"] = flag;
    });
    data.actors.forEach(function (a, i) {
      var flag = L.layerGroup().addTo(map);
      flag._gmFilter = ["actors", i];
      overlays["actor: " + esc(a.other ? "other actors" : (clip(a.name, 40) || "(unknown)")) +
        " <small>(" + a.count + ")</small>"] = flag;
    });
    overlays["Heat map"] = heat;
    overlays["Incidents per country"] = choropleth;
    overlays["Approximate areas"] = areasGroup;
    var bounds = data.bounds ? L.latLngBounds(data.bounds) : null;
    if (data.query_area) {
      var queryArea = L.geoJSON(data.query_area, {
        style: { color: "#6a3d9a", weight: 2, dashArray: "2 6", fillOpacity: 0.05 }
      }).addTo(map);
      overlays["Query area"] = queryArea;
      bounds = bounds ? bounds.extend(queryArea.getBounds()) : queryArea.getBounds();
    }
    L.control.layers(baseLayers, overlays, {
      collapsed: Object.keys(overlays).length > 18, sortLayers: false
    }).addTo(map);
    map.on("overlayadd overlayremove", function (e) {
      var f = e.layer._gmFilter;
      if (f) { state[f[0]][f[1]] = e.type === "overlayadd"; schedule(); }
    });

    if (dates.length) {
      var Slider = L.Control.extend({
        options: { position: "bottomleft" },
        onAdd: function () {
          var box = node("div", "gm-slider leaflet-bar");
          var label = node("div", "gm-slider-label");
          var input = node("input");
          input.type = "range"; input.min = "0"; input.max = String(dates.length);
          input.step = "1"; input.value = String(dates.length);
          input.setAttribute("aria-label", "Show incidents up to this date");
          var play = node("button", "gm-play", "\u25b6");
          play.type = "button"; play.title = "Play through the dates";
          function setLabel() {
            var v = Number(input.value);
            label.textContent = v >= dates.length ?
              "All dates" + (dates.length > 1 ? " (" + dates[0] + " \u2013 " + dates[dates.length - 1] + ")" : " (" + dates[0] + ")") :
              "Up to " + dates[v];
          }
          input.addEventListener("input", function () {
            state.dateMax = Number(input.value); setLabel(); schedule();
          });
          var timer = null;
          play.addEventListener("click", function () {
            if (timer) { clearInterval(timer); timer = null; play.textContent = "\u25b6"; return; }
            input.value = "0"; input.dispatchEvent(new Event("input"));
            play.textContent = "\u25a0";
            timer = setInterval(function () {
              var v = Number(input.value) + 1;
              input.value = String(v); input.dispatchEvent(new Event("input"));
              if (v >= dates.length) { clearInterval(timer); timer = null; play.textContent = "\u25b6"; }
            }, 900);
          });
          setLabel();
          box.appendChild(label);
          var line = node("div", "gm-slider-line");
          line.appendChild(play); line.appendChild(input);
          box.appendChild(line);
          L.DomEvent.disableClickPropagation(box);
          L.DomEvent.disableScrollPropagation(box);
          return box;
        }
      });
      new Slider().addTo(map);
    }

    if (bounds) {
      // Keep every marker clear of the title, the controls and the legend.
      var box = map.getContainer().getBoundingClientRect();
      var header = document.querySelector(".gm-header");
      var legend = document.querySelector(".gm-legend");
      var control = map.getContainer().querySelector(".leaflet-control-layers");
      var top = header ? header.getBoundingClientRect().bottom - box.top + 24 : 40;
      var right = Math.max(legend ? legend.offsetWidth : 0, control ? control.offsetWidth : 0) + 30;
      popup.options.autoPanPaddingTopLeft = [60, Math.min(top, box.height * 0.3)];
      popup.options.autoPanPaddingBottomRight = [Math.min(right, box.width * 0.4),
        dates.length ? 90 : 40];
      map.fitBounds(bounds, {
        paddingTopLeft: [60, Math.min(top, box.height * 0.3)],
        paddingBottomRight: [Math.min(right, box.width * 0.4), dates.length ? 90 : 50],
        maxZoom: 7, animate: false
      });
    } else {
      map.setView([20, 10], 2, { animate: false });
    }
    refresh();
    return { map: map, refresh: refresh };
  };
}());
