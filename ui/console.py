"""Cypher console: read-only Cypher, or a named query from queries/ with a form for its
parameters. Writes are refused by the engine's read-only channel, not by string checks.

A named query's required parameters start empty and the query is not run until they are
filled; parameters whose values are known (ecosystems, labels, segments) are chosen from a list.
The last result stays on the page (session state) while its view is changed."""
import json
from typing import Any

import streamlit as st

from ecograph.errors import EcographError, QueryError, ReadOnlyError
from ecograph.ontology import ECOSYSTEMS, LABELS
from ecograph.ui import data, render
from ecograph.ui.i18n import lang, t

TYPE_NAMES_ZH = {"string": "文本", "int": "整数", "float": "小数", "bool": "是/否", "list<string>": "文本列表"}
WRAP_ROWS = 200  # up to this many rows, long cells are shown wrapped by default
LONG_CELL = 40  # characters: a cell longer than this is cut off in the interactive table

st.title(t("Cypher 查询控制台", "Cypher console"))
st.caption(t("在只读通道上运行：数据库本身拒绝任何写入。引擎：", "Runs on the store's read-only channel: the "
             "database itself refuses any write. Engine: ") + f"**{data.store().kind}**.")

EXAMPLE = ("MATCH (p:Park)-[r:FOCUSES_ON]->(s:Segment)\n"
           "RETURN p.name AS park, p.region AS ecosystem, s.name AS segment, r.confidence AS confidence\n"
           "ORDER BY ecosystem, park LIMIT 50")


def choices(name: str) -> list[str] | None:
    """The values a parameter can take when its domain is known, else None (free text)."""
    if name in ("ecosystem", "ecosystems"):
        return list(ECOSYSTEMS)
    if name == "label":
        return list(LABELS)
    if name == "segment":
        G = data.graph()
        return sorted({d["name"] for _, d in G.nodes(data=True) if d["label"] == "Segment"})
    return None


def show_choice(name: str):
    language, everything = lang(), t("全部", "All")  # read now: the function may be called later

    def show(value: str) -> str:
        if value == "":
            return everything
        if name.startswith("ecosystem"):
            return render.ecosystem_name_in(value, language)
        if name == "label":
            return render.label_name(value, language)
        return value
    return show


def param_widget(query, param) -> Any:
    """One parameter's input; a required one starts empty (None or '') and says it is required."""
    need = t("必填", "required") if param.required else t("可选", "optional")
    label = f"`{param.name}` ({t(TYPE_NAMES_ZH[param.type], param.type)}, {need})"  # the name as the CLI takes it
    key = f"console_param_{query.name}_{param.name}"
    note = param.note or None
    domain = choices(param.name)
    if param.type == "list<string>" and domain is not None:
        return st.multiselect(label, domain, default=[v for v in (param.default or []) if v in domain]
                              if not param.required else [], format_func=show_choice(param.name),
                              key=key, help=note, placeholder=t("请选择", "Choose"))
    if param.type == "string" and domain is not None:
        options = domain if param.required else ["", *domain]
        start = None if param.required else (options.index(param.default) if param.default in options else 0)
        return st.selectbox(label, options, index=start, format_func=show_choice(param.name), key=key,
                            help=note, placeholder=t("必填：请选择", "Required: choose one"))
    example = render.cell_text(param.example)
    placeholder = t("例如 ", "e.g. ") + str(example)
    if param.type in ("int", "float"):
        cast = int if param.type == "int" else float
        value = None if param.required else cast(param.default)
        return st.number_input(label, value=value, step=1 if param.type == "int" else None, key=key,
                               help=note, placeholder=placeholder)
    if param.type == "bool":
        return st.checkbox(label, value=bool(param.default) if not param.required else False, key=key, help=note)
    if param.type == "list<string>":
        listed = "" if param.required else ", ".join(map(str, param.default or []))
        return st.text_input(label, value=listed, key=key, placeholder=placeholder,
                             help=(note or "") + t("（逗号分隔）", " (comma-separated)"))
    return st.text_input(label, value="" if param.required else str(param.default), key=key,
                         placeholder=placeholder, help=note)


def unfilled(query, values: dict[str, Any]) -> list[str]:
    """The required parameters left empty."""
    def empty(value: Any) -> bool:
        return value is None or value == [] or (isinstance(value, str) and not value.strip())
    return [p.name for p in query.params if p.required and empty(values.get(p.name))]


def run_named_form() -> None:
    queries = data.named_queries()
    if not queries:
        st.info(t("没有命名查询（queries/*.cypher）。", "No named queries found (queries/*.cypher)."))
        return
    english = lang() == "en"
    chosen = st.selectbox(t("查询", "Query"), queries, key="console_named",
                          format_func=lambda q: f"{q.name} — {q.description if english else q.description_zh}")
    with st.form("named_form"):
        values = {param.name: param_widget(chosen, param) for param in chosen.params}
        with st.expander("Cypher"):
            st.code(chosen.cypher(data.store().kind), language="cypher")
        if not st.form_submit_button(t("运行命名查询", "Run named query"), type="primary", key="console_run_named"):
            return
    missing = unfilled(chosen, values)
    if missing:
        st.session_state["console_outcome"] = ("missing", chosen.name, missing)
        return
    given = {name: value for name, value in values.items() if value is not None}
    try:
        result = data.run_named_checked(chosen.name, given)
    except EcographError as exc:
        st.session_state["console_outcome"] = ("error", chosen.name, exc)
    else:
        st.session_state["console_outcome"] = ("result", chosen.name, result)


def run_free_form() -> None:
    with st.form("cypher_form"):
        query = st.text_area("Cypher", EXAMPLE, height=160, key="console_query")
        params_text = st.text_input(t("参数（JSON 对象）", "Parameters (JSON object)"), "{}", key="console_params",
                                    help=t('例如 {"name": "某某产业园"}；在查询中写作 $name',
                                           'e.g. {"name": "Some park"}; use them as $name'))
        if not st.form_submit_button(t("运行", "Run"), type="primary", key="console_run"):
            return
    try:
        params = json.loads(params_text or "{}")
        if not isinstance(params, dict):
            raise QueryError("parameters must be a JSON object, like {\"name\": \"…\"}")
        outcome: tuple = ("result", "query", data.run_cypher(query, params))
    except json.JSONDecodeError as exc:
        outcome = ("error", "query", QueryError(f"parameters are not valid JSON: {exc.msg} (column {exc.colno})"))
    except EcographError as exc:
        outcome = ("error", "query", exc)
    st.session_state["console_outcome"] = outcome


def long_cells(frame) -> bool:
    return any(isinstance(v, str) and len(v) > LONG_CELL for column in frame for v in frame[column])


def show_result(ran: str, result) -> None:
    frame = render.result_frame(result.columns, result.rows)
    st.success(t(f"{len(frame):,} 行。", f"{len(frame):,} row(s)."))
    wrap = st.toggle(t("长文本换行显示", "Wrap long cells"), key="console_wrap",
                     value=len(frame) <= WRAP_ROWS and long_cells(frame),
                     help=t("换行显示每个单元格的全文；关闭则为可排序的交互表格。",
                            "Shows every cell in full, wrapped; off: the interactive, sortable table."))
    if wrap:
        st.table(frame)
    else:
        st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(t("下载 CSV", "Download CSV"), render.frame_csv(frame), file_name=f"{ran}.csv",
                       mime="text/csv", key="console_csv")
    H = render.result_graph(result.rows)
    if H.number_of_nodes():
        st.subheader(t("图示", "As a graph"))
        shown = render.cut_to_budget(H, 300)
        st.iframe(render.network_html(shown, render.layout(shown), height=480, lang=lang()), height=500)


named, free = st.tabs([t("命名查询", "Named query"), t("自定义 Cypher", "Write Cypher")])
with named:
    run_named_form()
with free:
    run_free_form()

kind, ran, payload = st.session_state.get("console_outcome", (None, None, None))
if kind == "missing":
    st.error(t("未运行：请先填写必填参数 ", "Not run: fill in the required parameter(s) ")
             + "、".join(f"`{name}`" for name in payload), icon=":material/edit_note:")
elif kind == "error" and isinstance(payload, ReadOnlyError):
    st.error(t("**已拒绝：**控制台只读，此查询试图写入，图未被修改。要修改图，请导入文章（导入页或 `ecograph ingest`）。",
               "**Refused:** the console is read-only and this query tries to write; the graph was not "
               "changed. Change the graph by ingesting articles (Ingest page or `ecograph ingest`)."),
             icon=":material/block:")
elif kind == "error":
    st.error(t("**查询失败：**", "**The query failed:** ") + str(payload), icon=":material/error:")
elif kind == "result":
    show_result(ran, payload)
