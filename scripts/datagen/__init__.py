"""Data builders: each module has ``build(src_dir, out_dir) -> list[manifest entry]``.

A manifest entry is ``{"file": <path relative to out_dir>, "source": str, "licence": str}``;
``build_data.py`` adds the SHA-256. Builders import ``write_json`` from ``build_data``.
"""
