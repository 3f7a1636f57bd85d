/* geomap incident map: an offline basemap with labels under the tiles, markers by action type,
 * clusters, layers per actor and action, heat map, approximate areas, counts per country of
 * what is shown, a date-range window, and an incident table that filters with the map.
 *
 * Article text arrives as JSON data and reaches the page only through textContent and text
 * nodes. The one exception is Leaflet's layer control, which takes HTML names: those are
 * escaped with esc(). */
(function () {
  "use strict";

  var DAY_MS = 86400000;
  var ROW_PX = 26; // the height of one table row (CSS .gm-row)

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

  function isoDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

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

  /* A CSV cell: always quoted, and a leading = + - @ made inert for spreadsheets. */
  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return "\"" + text.replace(/"/g, "\"\"") + "\"";
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = node("a");
    link.href = url; link.download = name;
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* A panel outside Leaflet's controls must not pan or zoom the map when used. */
  function keepEvents(el) {
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.disableScrollPropagation(el);
  }

  window.geomapIncidentMap = function (map, data, opts) {
    var F = {};
    data.fields.forEach(function (name, i) { F[name] = i; });
    var S = data.strings, rows = data.rows, dates = data.dates, days = data.days;
    var undatedCount = rows.filter(function (r) { return r[F.date] < 0; }).length;
    var small = window.innerWidth < 700 || window.innerHeight < 650;
    var container = map.getContainer();
    var state = {
      actions: data.actions.map(function () { return true; }),
      actors: data.actors.map(function () { return true; }),
      from: days.length ? days[0] : 0,
      to: days.length ? days[days.length - 1] : 0,
      undated: true,
      search: ""
    };

    /* The page: panels over the map, the table beside it. */
    document.body.classList.add("gm-page");
    if (small) { document.body.classList.add("gm-small"); }
    var header = document.querySelector(".gm-header");
    var legend = document.querySelector(".gm-legend");
    [header, legend].forEach(function (el) {
      if (el) { container.appendChild(el); keepEvents(el); }
    });
    if (legend && small) { legend.open = false; }

    map.createPane("gmBasemap").style.zIndex = 150;
    map.createPane("gmLabels").style.zIndex = 160;
    map.createPane("gmChoropleth").style.zIndex = 350;
    map.createPane("gmAreas").style.zIndex = 390;

    /* The offline basemap, always under the tiles: where tiles cannot load, it shows. */
    container.classList.add("gm-sea");
    L.geoJSON(data.basemap, {
      renderer: L.canvas({ pane: "gmBasemap" }), interactive: false,
      style: { color: "#8b96a0", weight: 0.7, fillColor: "#f2efe6", fillOpacity: 1 }
    }).addTo(map);
    var labelLayer = L.layerGroup().addTo(map);
    // Capitals and the largest cities first, then countries (moved up or down a line when
    // their place is taken), then the other cities by size; a label that would overlap one
    // already placed is left out, so the names stay readable at every zoom.
    var labelOrder = [].concat(
      data.labels.cities.filter(function (l) { return l[3] <= 4; }).map(function (l) { return [l, 0]; }),
      data.labels.countries.map(function (l) { return [l, 1]; }),
      data.labels.cities.filter(function (l) { return l[3] > 4; }).map(function (l) { return [l, 0]; })
    );
    function drawLabels() {
      labelLayer.clearLayers();
      var zoom = map.getZoom(), view = map.getBounds().pad(0.1), placed = [];
      function free(box) {
        return !placed.some(function (b) {
          return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
        });
      }
      labelOrder.forEach(function (item) {
        var l = item[0], country = item[1];
        if (l[3] > zoom || placed.length >= 300 || !view.contains([l[0], l[1]])) { return; }
        var p = map.latLngToContainerPoint([l[0], l[1]]);
        var half = l[2].length * (country ? 8.5 : 6.5) / 2 + 4;
        var shift = (country ? [0, 16, -16] : [0]).filter(function (dy) {
          return free([p.x - half, p.y + dy - 9, p.x + half, p.y + dy + 9]);
        })[0];
        if (shift === undefined) { return; }
        placed.push([p.x - half, p.y + shift - 9, p.x + half, p.y + shift + 9]);
        labelLayer.addLayer(L.marker(map.containerPointToLatLng([p.x, p.y + shift]), {
          pane: "gmLabels", interactive: false, keyboard: false,
          icon: L.divIcon({ className: country ? "gm-label gm-label-country" : "gm-label gm-label-city",
            html: node("span", null, l[2]), iconSize: null })
        }));
      });
    }
    map.on("zoomend moveend", drawLabels);

    /* Tiles when there is a network; a note saying why the map looks plain when there is not. */
    var note = null;
    function noteOffline() {
      if (note || !header) { return; }
      note = node("div", "gm-tile-note",
        "No map tiles (no network?): showing the built-in offline basemap.");
      header.appendChild(note);
    }
    var baseLayers = {}, tileNames = Object.keys(opts.tiles);
    var plain = L.layerGroup();
    tileNames.forEach(function (name) {
      var layer = opts.tiles[name];
      baseLayers[esc(name)] = layer;
      layer.on("tileerror", noteOffline);
      if (!navigator.onLine) { map.removeLayer(layer); }
    });
    baseLayers["Offline basemap only"] = plain;
    if (!tileNames.length || !navigator.onLine) { plain.addTo(map); }
    if (tileNames.length && !navigator.onLine) { noteOffline(); }

    /* Incidents per country, counted over what is shown. */
    var counts = [];
    var choropleth = L.geoJSON(data.choropleth, {
      pane: "gmChoropleth",
      style: { color: "#9c6b00", weight: 0.8, fillOpacity: 0.45 },
      onEachFeature: function (f, layer) {
        layer._gmCountry = f.properties.country;
        layer.bindTooltip(function () {
          return node("span", null, f.properties.name + ": " +
            plural(counts[f.properties.country] || 0, "incident") + " shown");
        }, { sticky: true });
      }
    }).addTo(map);
    var maxLabel = document.querySelector("[data-gm-max]");
    function colour(n, most) {
      var steps = data.palette.length - 1;
      if (n <= 1 || most <= 1) { return data.palette[0]; }
      var level = Math.log(n) / Math.log(most);
      return data.palette[Math.min(steps, Math.max(0, Math.round(level * steps)))];
    }
    function recount(shown) {
      counts = data.countries.map(function () { return 0; });
      shown.forEach(function (i) {
        var c = rows[i][F.country];
        if (c >= 0) { counts[c] += 1; }
      });
      var most = Math.max.apply(null, counts.concat([0]));
      choropleth.eachLayer(function (layer) {
        var n = counts[layer._gmCountry];
        layer.setStyle(n ? { fillColor: colour(n, most), fillOpacity: 0.45, opacity: 1 }
          : { fillOpacity: 0, opacity: 0 });
      });
      if (maxLabel) { maxLabel.textContent = String(most); }
    }

    /* Where approximate incidents are known to be: a country, a province's towns, a sea. */
    // Shown at first only when few: hundreds of outlines would bury the markers.
    var areasGroup = L.layerGroup();
    if (data.areas.length <= 100) { areasGroup.addTo(map); }
    // Many areas are drawn on one canvas: thousands of SVG paths would slow the page down.
    var areaRenderer = data.areas.length > 200 ? L.canvas({ pane: "gmAreas" }) : undefined;
    var areaLayers = data.areas.map(function (a) {
      var water = a.precision === "water";
      var style = {
        pane: "gmAreas", renderer: areaRenderer, color: water ? "#1f78b4" : "#444", weight: 1.5,
        dashArray: "6 5", fillColor: water ? "#1f78b4" : "#777", fillOpacity: 0.08,
        className: "gm-area gm-area-" + a.precision
      };
      var layer = a.geometry ? L.geoJSON(a.geometry, { style: style, pane: "gmAreas" })
        : L.circle(a.center, L.extend({ radius: a.radius }, style));
      var label = data.precisions.filter(function (p) { return p.name === a.precision; })[0];
      var how = a.precision === "admin1" ? " (extent of its known towns)" : "";
      layer.bindTooltip(node("span", null, S[a.name] + " (" + (label ? label.label : a.precision) +
        ")" + how + ": " + plural(a.count, "incident")), { sticky: true });
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

    function countryName(r) {
      return r[F.country] >= 0 ? data.countries[r[F.country]].name : "";
    }

    function dateText(r) {
      if (r[F.date] < 0) { return "date unknown"; }
      var how = data.date_precisions[S[r[F.date_precision]]];
      return dates[r[F.date]] + (how ? " (" + how + ")" : "");
    }

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
      var country = countryName(r);
      if (country && country !== S[r[F.place]]) {
        where.appendChild(document.createTextNode(", "));
        where.appendChild(node("span", "gm-country", country));
      }
      where.appendChild(document.createTextNode(" \u00b7 " + prec.label));
      box.appendChild(where);
      box.appendChild(node("div", "gm-when", dateText(r) + " \u00b7 confidence " +
        Number(r[F.confidence]).toFixed(2)));
      if (r[F.fatalities] !== null) {
        box.appendChild(node("div", "gm-fatalities", "fatalities: " + r[F.fatalities]));
      }
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
    // Where the map was before a popup panned it into view; it goes back when the popup
    // closes, unless the reader moved the map meanwhile.
    var before = null;
    function openPopup(i) {
      var center = map.getCenter(), zoom = map.getZoom();
      // As wide as the map allows: a phone's map is narrower than a desktop popup.
      popup.options.maxWidth = Math.max(180, Math.min(380, map.getSize().x - 50));
      popup.options.minWidth = Math.min(240, popup.options.maxWidth);
      before = null;
      popup.setLatLng(markers[i].getLatLng()).setContent(popupFor(i)).openOn(map);
      before = { center: center, zoom: zoom };
    }
    map.on("dragstart zoomstart", function () { before = null; });
    map.on("popupclose", function (e) {
      if (e.popup === popup && before && map.getZoom() === before.zoom) {
        map.panTo(before.center, { animate: false });
      }
      before = null;
    });
    var group = L.markerClusterGroup({
      chunkedLoading: true, chunkInterval: 300, chunkDelay: 5, showCoverageOnHover: false,
      spiderfyOnMaxZoom: true, maxClusterRadius: data.cluster ? 45 : 1,
      chunkProgress: function (done, total) {
        if (done === total) { window.__geomapReady = true; }
      }
    }).addTo(map);
    group.on("click", function (e) { openPopup(e.layer._gmRow); });
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

    /* Filters: layers, the date window, the undated toggle and the table's search together
     * decide what is shown, on the map and in the table alike. */
    var haystack = null;
    function matches(i) {
      if (!haystack) {
        haystack = rows.map(function (r) {
          return [S[r[F.actor]], data.actions[r[F.action]].name, S[r[F.target]], S[r[F.place]],
            countryName(r), S[r[F.sentence]], r[F.date] >= 0 ? dates[r[F.date]] : "",
            S[r[F.title]]].join("\n").toLowerCase();
        });
      }
      return haystack[i].indexOf(state.search) >= 0;
    }
    function visible(i) {
      var r = rows[i], d = r[F.date];
      if (!state.actions[r[F.action]] || !state.actors[r[F.actor_layer]]) { return false; }
      if (d < 0 ? !state.undated : days[d] < state.from || days[d] > state.to) { return false; }
      return !state.search || matches(i);
    }

    var shownLabel = document.querySelector("[data-gm-shown]");
    var shownRows = [];
    function refresh() {
      var shown = [], points = [], areaOn = {};
      shownRows = [];
      for (var i = 0; i < rows.length; i++) {
        if (!visible(i)) { continue; }
        var r = rows[i];
        shownRows.push(i);
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
      recount(shownRows);
      table.update();
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

    /* The incident table: sortable, searchable, a row flies to its incident. */
    var table = (function () {
      var columns = [
        { name: "date", label: "Date", key: function (r) { return r[F.date] >= 0 ? days[r[F.date]] : Infinity; },
          text: function (r) { return r[F.date] >= 0 ? dates[r[F.date]] : "undated"; } },
        { name: "actor", label: "Actor", text: function (r) { return S[r[F.actor]]; } },
        { name: "action", label: "Action", text: function (r) { return data.actions[r[F.action]].name; } },
        { name: "place", label: "Place", text: function (r) { return S[r[F.place]]; } },
        { name: "country", label: "Ctry", text: function (r) { return r[F.country] >= 0 ? data.countries[r[F.country]].code : ""; } },
        { name: "fatalities", label: "Killed", key: function (r) { return r[F.fatalities] === null ? -1 : r[F.fatalities]; },
          text: function (r) { return r[F.fatalities] === null ? "" : String(r[F.fatalities]); } }
      ];
      var sort = { column: 0, ascending: true }, order = [], selected = -1;
      var panel = node("aside", "gm-table");
      panel.setAttribute("aria-label", "Incident table");
      var tools = node("div", "gm-table-tools");
      var search = node("input", "gm-search");
      search.type = "search"; search.placeholder = "Search actor, place, text\u2026";
      search.setAttribute("aria-label", "Search incidents");
      var count = node("span", "gm-table-count");
      var csv = node("button", "gm-export-csv", "CSV");
      var geojson = node("button", "gm-export-geojson", "GeoJSON");
      var close = node("button", "gm-table-close", "\u00d7");
      [csv, geojson, close].forEach(function (b) { b.type = "button"; });
      csv.title = "Download the incidents shown as CSV";
      geojson.title = "Download the incidents shown as GeoJSON";
      close.setAttribute("aria-label", "Close the table");
      [search, count, csv, geojson, close].forEach(function (el) { tools.appendChild(el); });
      var head = node("div", "gm-row gm-table-head");
      columns.forEach(function (c, k) {
        var cell = node("button", "gm-cell gm-c-" + c.name, c.label);
        cell.type = "button";
        cell.addEventListener("click", function () {
          sort.ascending = sort.column === k ? !sort.ascending : true;
          sort.column = k;
          update();
        });
        head.appendChild(cell);
      });
      var body = node("div", "gm-table-body");
      var spacer = node("div", "gm-table-spacer");
      body.appendChild(spacer);
      [tools, head, body].forEach(function (el) { panel.appendChild(el); });
      document.body.insertBefore(panel, container);

      function draw() {
        spacer.textContent = "";
        spacer.style.height = order.length * ROW_PX + "px";
        var first = Math.max(0, Math.floor(body.scrollTop / ROW_PX) - 5);
        var last = Math.min(order.length, first + Math.ceil(body.clientHeight / ROW_PX) + 10);
        for (var k = first; k < last; k++) {
          var i = order[k], r = rows[i];
          var line = node("div", "gm-row" + (i === selected ? " gm-selected" : ""));
          line.style.top = k * ROW_PX + "px";
          line._gmRow = i;
          columns.forEach(function (c) {
            var text = c.text(r);
            var cell = node("span", "gm-cell gm-c-" + c.name, text);
            cell.title = c.name === "country" ? countryName(r) : text;
            line.appendChild(cell);
          });
          spacer.appendChild(line);
        }
      }
      function update() {
        var c = columns[sort.column], key = c.key || function (r) { return c.text(r).toLowerCase(); };
        var keys = {};
        shownRows.forEach(function (i) { keys[i] = key(rows[i]); });
        order = shownRows.slice().sort(function (a, b) {
          var x = keys[a], y = keys[b];
          var d = x < y ? -1 : x > y ? 1 : a - b;
          return sort.ascending ? d : -d;
        });
        head.querySelectorAll(".gm-cell").forEach(function (cell, k) {
          cell.setAttribute("aria-sort", k !== sort.column ? "none" :
            sort.ascending ? "ascending" : "descending");
        });
        count.textContent = plural(order.length, "incident");
        draw();
      }
      // Fly to a row's incident and open its popup. Incidents at one spot (a country's
      // point, say) are spread out where they are, not by zooming to the street.
      function focus(i) {
        var m = markers[i];
        selected = i;
        draw();
        if (!group.hasLayer(m)) { return; }
        var parent = group.getVisibleParent(m);
        var spot = parent && parent !== m ? parent.getBounds() : null;
        if (spot && !spot.getNorthEast().equals(spot.getSouthWest())) {
          group.zoomToShowLayer(m, function () { openPopup(i); });
          return;
        }
        var done = false;
        var open = function () {
          if (done) { return; }
          done = true;
          var shown = group.getVisibleParent(m);
          if (shown && shown !== m && shown.spiderfy) { shown.spiderfy(); }
          openPopup(i);
        };
        map.once("moveend", open);
        map.flyTo(m.getLatLng(), Math.max(map.getZoom(), 6), { duration: 0.6 });
        setTimeout(open, 1200);
      }
      function records() {
        var names = ["incident_id", "date", "date_precision", "actor", "action", "action_mode",
          "target", "place_name", "country", "precision", "fatalities", "confidence", "lon",
          "lat", "sentence", "doc_id", "title", "source"];
        return { names: names, rows: order.map(function (i) {
          var r = rows[i];
          return [S[r[F.id]], r[F.date] >= 0 ? dates[r[F.date]] : "", S[r[F.date_precision]],
            S[r[F.actor]], data.actions[r[F.action]].name, S[r[F.mode]], S[r[F.target]],
            S[r[F.place]], r[F.country] >= 0 ? data.countries[r[F.country]].code : "",
            data.precisions[r[F.precision]].name, r[F.fatalities], r[F.confidence], r[F.lon],
            r[F.lat], S[r[F.sentence]], S[r[F.doc]], S[r[F.title]], S[r[F.source]]];
        }) };
      }
      csv.addEventListener("click", function () {
        var rec = records();
        var lines = [rec.names.map(csvCell).join(",")].concat(rec.rows.map(function (values) {
          return values.map(csvCell).join(",");
        }));
        download("incidents.csv", "text/csv", lines.join("\r\n") + "\r\n");
      });
      geojson.addEventListener("click", function () {
        var rec = records(), lon = rec.names.indexOf("lon"), lat = rec.names.indexOf("lat");
        var features = rec.rows.map(function (values) {
          var props = {};
          rec.names.forEach(function (name, k) {
            if (k !== lon && k !== lat) { props[name] = values[k]; }
          });
          return { type: "Feature", properties: props,
            geometry: { type: "Point", coordinates: [values[lon], values[lat]] } };
        });
        download("incidents.geojson", "application/geo+json",
          JSON.stringify({ type: "FeatureCollection", features: features }));
      });
      search.addEventListener("input", function () {
        state.search = search.value.trim().toLowerCase();
        schedule();
      });
      body.addEventListener("scroll", function () { window.requestAnimationFrame(draw); });
      body.addEventListener("click", function (e) {
        var line = e.target.closest(".gm-row");
        if (line && line._gmRow !== undefined) { focus(line._gmRow); }
      });
      var toggle = document.querySelector(".gm-table-toggle");
      function setOpen(open) {
        document.body.classList.toggle("gm-table-open", open);
        if (toggle) { toggle.setAttribute("aria-expanded", String(open)); }
        map.invalidateSize({ pan: false });
        draw();
      }
      if (toggle) {
        toggle.addEventListener("click", function () {
          setOpen(!document.body.classList.contains("gm-table-open"));
        });
      }
      close.addEventListener("click", function () { setOpen(false); });
      setOpen(rows.length > 0 && window.innerWidth >= 1000);
      return { update: update };
    }());

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
    overlays["Place names"] = labelLayer;
    var bounds = data.bounds ? L.latLngBounds(data.bounds) : null;
    if (data.query_area) {
      var queryArea = L.geoJSON(data.query_area, {
        style: { color: "#6a3d9a", weight: 2, dashArray: "2 6", fillOpacity: 0.05 }
      }).addTo(map);
      overlays["Query area"] = queryArea;
      bounds = bounds ? bounds.extend(queryArea.getBounds()) : queryArea.getBounds();
    }
    L.control.layers(baseLayers, overlays, {
      collapsed: small || Object.keys(overlays).length > 18, sortLayers: false
    }).addTo(map);
    map.on("overlayadd overlayremove", function (e) {
      var f = e.layer._gmFilter;
      if (f) { state[f[0]][f[1]] = e.type === "overlayadd"; schedule(); }
    });

    if (days.length) { timeControl().addTo(map); }

    /* The time window: from and to, played through by day or week; undated incidents have
     * their own toggle and never vanish because the window moved. */
    function timeControl() {
      var first = days[0], last = days[days.length - 1];
      var Control = L.Control.extend({
        options: { position: "bottomleft" },
        onAdd: function () {
          var box = node("details", "gm-time leaflet-bar");
          box.open = !small;
          var label = node("summary", "gm-time-label");
          box.appendChild(label);
          // Two range inputs on one track: the window's first and last day.
          var track = node("div", "gm-range");
          function range(name, value) {
            var input = node("input", "gm-" + name);
            input.type = "range"; input.min = String(first); input.max = String(last);
            input.step = "1"; input.value = String(value);
            input.setAttribute("aria-label", "Show incidents " + name + " this date");
            track.appendChild(input);
            return input;
          }
          var from = range("from", first), to = range("to", last);
          var line = node("div", "gm-time-line");
          var play = node("button", "gm-play", "\u25b6");
          play.type = "button"; play.title = "Play the window through the dates";
          var step = node("select", "gm-step");
          step.setAttribute("aria-label", "Play step");
          [["1", "by day"], ["7", "by week"]].forEach(function (o) {
            var option = node("option", null, o[1]);
            option.value = o[0];
            step.appendChild(option);
          });
          line.appendChild(play); line.appendChild(step); line.appendChild(track);
          if (undatedCount) {
            var toggle = node("label", "gm-undated");
            var check = node("input");
            check.type = "checkbox"; check.checked = true;
            check.addEventListener("change", function () { state.undated = check.checked; schedule(); });
            toggle.appendChild(check);
            toggle.appendChild(document.createTextNode(" undated (" + undatedCount + ")"));
            line.appendChild(toggle);
          }
          box.appendChild(line);
          function show(initial) {
            state.from = Number(from.value); state.to = Number(to.value);
            // The upper thumb lies on top; near the end, the lower one must be reachable.
            from.style.zIndex = state.from > (first + last) / 2 ? "2" : "";
            var n = state.to - state.from + 1;
            label.textContent = (state.from === first && state.to === last ? "All dates: " : "") +
              isoDay(state.from) + (n > 1 ? " \u2013 " + isoDay(state.to) + " (" + plural(n, "day") + ")" : "");
            if (initial !== true) { schedule(); }
          }
          from.addEventListener("input", function () {
            if (Number(from.value) > Number(to.value)) { to.value = from.value; }
            show();
          });
          to.addEventListener("input", function () {
            if (Number(to.value) < Number(from.value)) { from.value = to.value; }
            show();
          });
          var timer = null;
          function stop() { clearInterval(timer); timer = null; play.textContent = "\u25b6"; }
          play.addEventListener("click", function () {
            if (timer) { stop(); return; }
            var by = Number(step.value), width = state.to - state.from;
            if (width >= last - first) { width = by - 1; }
            from.value = String(first); to.value = String(first + width); show();
            play.textContent = "\u25a0";
            timer = setInterval(function () {
              if (Number(to.value) >= last) { stop(); return; }
              from.value = String(Number(from.value) + by);
              to.value = String(Number(from.value) + width); show();
            }, 900);
          });
          show(true);
          keepEvents(box);
          return box;
        }
      });
      return new Control();
    }

    if (bounds) {
      // Keep every marker clear of the title, the controls and the legend.
      var box = container.getBoundingClientRect();
      var control = container.querySelector(".leaflet-control-layers");
      var top = header ? header.getBoundingClientRect().bottom - box.top + 24 : 40;
      var right = Math.max(legend ? legend.offsetWidth : 0, control ? control.offsetWidth : 0) + 30;
      var corner = container.querySelector(".leaflet-bottom.leaflet-left");
      var bottom = (corner ? corner.offsetHeight : 0) + 20;
      // On a narrow map a popup needs the whole width; the panels fold away there anyway.
      var side = box.width < 600 ? 8 : 60;
      popup.options.autoPanPaddingTopLeft = [side, Math.min(top, box.height * 0.3)];
      popup.options.autoPanPaddingBottomRight = [box.width < 600 ? 8 : Math.min(right, box.width * 0.4),
        Math.min(bottom, box.height * 0.3)];
      map.fitBounds(bounds, {
        paddingTopLeft: [60, Math.min(top, box.height * 0.3)],
        paddingBottomRight: [Math.min(right, box.width * 0.4), Math.min(bottom, box.height * 0.3)],
        maxZoom: 7, animate: false
      });
    } else {
      map.setView([20, 10], 2, { animate: false });
    }
    drawLabels();
    refresh();
    return { map: map, refresh: refresh };
  };
}());
