"""Cypher console: read-only Cypher, or a named query from queries/ with a form for its
parameters. Writes are refused by the engine's read-only channel, not by string checks."""
import json
from typing import Any

import streamlit as st

from ecograph.errors import EcographError, QueryError, ReadOnlyError
from ecograph.ui import data, render

st.title("Cypher console 查询")
st.caption("Runs on the store's read-only channel: the database itself refuses any write. "
           f"Engine: **{data.store().kind}**.")

EXAMPLE = ("MATCH (p:Park)-[r:FOCUSES_ON]->(s:Segment)\n"
           "RETURN p.name AS park, p.region AS ecosystem, s.name AS segment, r.confidence AS confidence\n"
           "ORDER BY ecosystem, park LIMIT 50")

named, free = st.tabs(["Named query 命名查询", "Write Cypher 自定义"])
result, error, ran = None, None, None

with named:
    queries = data.named_queries()
    if not queries:
        st.info("No named queries found (queries/*.cypher, registry graph/queries.py).")
    else:
        chosen = st.selectbox("Query", queries, format_func=lambda q: f"{q.name} — {q.description}",
                              key="console_named")
        st.caption(chosen.description_zh)
        with st.form("named_form"):
            values: dict[str, Any] = {}
            for param in chosen.params:
                start = param.example if param.required else param.default
                label = f"{param.name} ({param.type}{'' if param.required else ', optional'})"
                help_text = param.note or None
                key = f"console_param_{chosen.name}_{param.name}"
                if param.type == "int":
                    values[param.name] = st.number_input(label, value=int(start), step=1, key=key, help=help_text)
                elif param.type == "float":
                    values[param.name] = st.number_input(label, value=float(start), key=key, help=help_text)
                elif param.type == "bool":
                    values[param.name] = st.checkbox(label, value=bool(start), key=key, help=help_text)
                elif param.type == "list<string>":
                    values[param.name] = st.text_input(label, value=", ".join(map(str, start or [])),
                                                       key=key, help=(help_text or "") + " (comma-separated)")
                else:
                    values[param.name] = st.text_input(label, value=str(start), key=key, help=help_text)
            with st.expander("Cypher"):
                st.code(chosen.cypher(data.store().kind), language="cypher")
            if st.form_submit_button("Run named query", type="primary", key="console_run_named"):
                ran = chosen.name
                try:
                    result = data.run_named_checked(chosen.name, values)
                except EcographError as exc:
                    error = exc

with free:
    with st.form("cypher_form"):
        query = st.text_area("Cypher", EXAMPLE, height=160, key="console_query")
        params_text = st.text_input("Parameters (JSON object)", "{}", key="console_params",
                                    help='e.g. {"name": "张江医疗器械产业基地"}; use them as $name')
        if st.form_submit_button("Run", type="primary", key="console_run"):
            ran = "query"
            try:
                params = json.loads(params_text or "{}")
                if not isinstance(params, dict):
                    raise QueryError("parameters must be a JSON object, like {\"name\": \"…\"}")
                result = data.run_cypher(query, params)
            except json.JSONDecodeError as exc:
                error = QueryError(f"parameters are not valid JSON: {exc.msg} (column {exc.colno})")
            except EcographError as exc:
                error = exc

if isinstance(error, ReadOnlyError):
    st.error(f"**Refused: this console is read-only.** {error} — the graph was not changed. "
             "Change the graph by ingesting articles (Ingest page or `ecograph ingest`).",
             icon=":material/block:")
elif error is not None:
    st.error(f"**The query failed.** {error}", icon=":material/error:")
elif result is not None:
    frame = render.result_frame(result.columns, result.rows)
    st.success(f"{len(frame):,} row(s).")
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button("Download CSV", render.frame_csv(frame), file_name=f"{ran}.csv",
                       mime="text/csv", key="console_csv")
    H = render.result_graph(result.rows)
    if H.number_of_nodes():
        st.subheader("As a graph")
        shown = render.cut_to_budget(H, 300)
        st.iframe(render.network_html(shown, render.layout(shown), height=480), height=500)
