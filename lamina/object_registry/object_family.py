"""`ObjectFamily`: the one implementation of `get`, `serialize` and `deserialize` behind
`lamina.activations`, `losses`, `metrics`, `initializers`, `regularizers`, `constraints`,
`optimizers` and `layers`.

A name resolves, in this order, to an object in an active `CustomObjectScope`, an object
registered with `lamina.saving.register_keras_serializable`, an entry of the call's
`custom_objects`, and finally one of the family's own built-ins, which a config may name
only with a Keras or lamina `module` (or none). Nothing is ever imported from a path found
in a config, so loading one cannot run code it names.
"""

from __future__ import annotations

import inspect
import reprlib
import types
from collections.abc import Callable, Mapping
from typing import Any

from lamina.object_registry import registered_objects

_BUILTIN_PREFIXES = ("keras", "lamina")
_SHORT = reprlib.Repr()
_SHORT.maxstring = 80
_SHORT.maxother = 80
_SHORT.maxdict = 6
_SHORT.maxlist = 6
_SHORT.maxlevel = 2


def is_builtin_module(module: Any) -> bool:
    """Whether a config's `module` may name a built-in: None (Keras omits it at times),
    `"keras"`, `"lamina"` or a module below either.

    Example:
        >>> from lamina.object_registry.object_family import is_builtin_module
        >>> is_builtin_module("keras.losses"), is_builtin_module("kerasx.evil")
        (True, False)
    """
    if module is None:
        return True
    return isinstance(module, str) and (
        module in _BUILTIN_PREFIXES or module.startswith(tuple(p + "." for p in _BUILTIN_PREFIXES))
    )


def registered_function_entry(name: str) -> dict[str, Any]:
    """The entry Keras 3 writes for a function: its (registered) name in `config`.

    Example:
        >>> from lamina.object_registry.object_family import registered_function_entry
        >>> registered_function_entry("Pkg>halve")["config"]
        'Pkg>halve'
    """
    return {
        "module": "builtins",
        "class_name": "function",
        "config": name,
        "registered_name": "function",
    }


def short_repr(value: Any) -> str:
    """`repr(value)`, cut short: error messages never echo a whole (possibly hostile) config."""
    return _SHORT.repr(value)


class ObjectFamily:
    """Looks up one family's objects by name and turns them into configs and back.

    Args:
        kind: The family's singular name in messages, e.g. `"loss"`.
        module: The `module` written for built-in classes, e.g. `"keras.losses"`.
        builtins: Every name a string or a `class_name` may give (classes, functions,
            aliases), or a function returning that dict (called once, when first needed).
        functions: The functions a `"function"` entry may name; defaults to the plain
            functions among `builtins`.
        function_modules: `{id(function): module}` written when serializing a built-in
            function; defaults to `module` for each of `functions`.
        expected: What `serialize` accepts, for its error message.
        placeholder: What the unknown-name message suggests passing in `custom_objects`.

    Example:
        >>> from lamina.object_registry.object_family import ObjectFamily
        >>> class Half:
        ...     def get_config(self):
        ...         return {}
        >>> family = ObjectFamily("thing", "keras.things", {"Half": Half, "half": Half})
        >>> family.serialize(family.get("half"))["class_name"]
        'Half'
    """

    #: What `get(None)` returns.
    none_value: Any = None
    #: Whether a class given to `get` or named by a string is instantiated (else returned).
    instantiate_classes = True
    #: Keys of a class's config holding a function entry to resolve first (wrappers' `fn`).
    nested_function_keys: tuple[str, ...] = ()
    #: The family's name in "Could not interpret ... identifier" messages.
    identifier_noun = ""

    def __init__(
        self,
        kind: str,
        module: str,
        builtins: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
        functions: Mapping[str, Any] | None = None,
        function_modules: Mapping[int, str] | None = None,
        expected: str | None = None,
        placeholder: str = "YourClass",
    ) -> None:
        self.kind = kind
        self.module = module
        self.package = module.replace("keras", "lamina", 1)
        self.expected = expected or f"a {kind} with get_config() or a named function"
        self.placeholder = placeholder
        self._source = builtins
        self._given_functions = functions
        self._given_function_modules = function_modules
        self._tables: tuple[dict[str, Any], dict[str, Any], dict[int, str], set[type]] | None
        self._tables = None

    # -- the built-in tables (built on first use: layers list theirs only once imported) ----

    @property
    def builtins(self) -> dict[str, Any]:
        """Every name a string or a `class_name` may give, mapped to the built-in."""
        return self._built()[0]

    @property
    def functions(self) -> dict[str, Any]:
        """The built-in functions a `"function"` entry may name."""
        return self._built()[1]

    def _built(self) -> tuple[dict[str, Any], dict[str, Any], dict[int, str], set[type]]:
        if self._tables is None:
            source = self._source
            names = dict(source() if callable(source) else source)
            given = self._given_functions
            functions = dict(given) if given is not None else _plain_functions(names)
            modules = dict(self._given_function_modules or {})
            for function in functions.values():
                modules.setdefault(id(function), self.module)
            classes = {value for value in names.values() if inspect.isclass(value)}
            self._tables = (names, functions, modules, classes)
        return self._tables

    # -- get ---------------------------------------------------------------------------------

    def get(self, identifier: Any) -> Any:
        """Returns the object a name, config dict, class or callable stands for."""
        if identifier is None:
            return self.none_value
        if isinstance(identifier, (str, dict)):
            return self.deserialize(identifier)
        if inspect.isclass(identifier) and self.instantiate_classes:
            return identifier()
        if callable(identifier):
            return identifier
        raise ValueError(
            f"{self.package}.get: Could not interpret {self.identifier_noun or self.kind} "
            f"identifier: {short_repr(identifier)} (type {type(identifier).__name__}). "
            f"Expected None, a name, a config dict, or {self.expected}."
        )

    # -- serialize ---------------------------------------------------------------------------

    def serialize(self, obj: Any) -> Any:
        """Returns `{"module", "class_name", "config", "registered_name"}` for `obj`."""
        if obj is None:
            return None
        _, _, function_modules, classes = self._built()
        module = function_modules.get(id(obj))
        if module is not None:
            return self._builtin_function_config(obj, module)
        cls = type(obj)
        if cls in classes and self.builtins.get(cls.__name__) is cls:
            return self._class_config(obj, self._builtin_module(cls), None)
        if isinstance(obj, types.FunctionType) and obj.__name__ != "<lambda>":
            registered = registered_objects.registered_name_of(obj)
            if registered is not None:
                return registered_function_entry(registered)
            return _function_config(obj.__module__, obj.__name__)
        if callable(getattr(obj, "get_config", None)):
            registered = registered_objects.registered_name_of(cls) or cls.__name__
            return self._class_config(obj, cls.__module__, registered)
        if isinstance(obj, types.FunctionType):
            raise ValueError(
                f"{self.package}.serialize expected {self.expected}, received a lambda, which "
                "cannot be serialized: loading it back would mean running stored code. Define "
                "it with `def` and register it with "
                "@lamina.saving.register_keras_serializable()."
            )
        raise ValueError(
            f"{self.package}.serialize expected {self.expected}, received {short_repr(obj)} "
            f"(type {cls.__name__})."
        )

    def _builtin_function_config(self, function: Any, module: str) -> Any:
        return _function_config(module, function.__name__)

    def _builtin_module(self, cls: type) -> str:
        return self.module

    def _class_config(self, obj: Any, module: str, registered: str | None) -> dict[str, Any]:
        return {
            "module": module,
            "class_name": type(obj).__name__,
            "config": obj.get_config(),
            "registered_name": registered,
        }

    # -- deserialize -------------------------------------------------------------------------

    def deserialize(self, config: Any, custom_objects: Mapping[str, Any] | None = None) -> Any:
        """Returns the object a name, a `serialize` dict, a class or a callable stands for."""
        if config is None:
            return None
        if isinstance(config, str):
            found = self.resolve(config, None, custom_objects)
            if inspect.isclass(found) and self.instantiate_classes:
                return self._build(found, {}, None, custom_objects)
            return found
        if isinstance(config, dict):
            return self._from_dict(config, custom_objects)
        if inspect.isclass(config):
            return config() if self.instantiate_classes else config
        if callable(config):
            return config
        article = "an" if self.kind[:1] in "aeiou" else "a"
        raise ValueError(
            f"{self.package}.deserialize expected {article} {self.kind} name, a config dict or "
            f"a callable, received {short_repr(config)} (type {type(config).__name__})."
        )

    def _from_dict(self, config: dict[str, Any], custom_objects: Mapping[str, Any] | None) -> Any:
        class_name = config.get("class_name")
        if not isinstance(class_name, str):
            raise ValueError(
                f"{self.package}.deserialize expected a {self.kind} config dict with a string "
                f"'class_name' (as serialize writes it), received {short_repr(config)}."
            )
        inner = config.get("config")
        if class_name == "function":
            if not isinstance(inner, str):
                raise ValueError(
                    f"{self.package}.deserialize expected the 'config' of a 'function' entry to "
                    f"be its name, received {short_repr(inner)}."
                )
            return self.resolve(inner, config, custom_objects, function=True)
        found = self.resolve(class_name, config, custom_objects)
        if not inspect.isclass(found):
            return found
        if inner is None:
            inner = {}
        if not isinstance(inner, dict):
            raise ValueError(
                f"{self.package}.deserialize expected the 'config' of {self.kind} "
                f"{found.__name__} to be a dict, received {type(inner).__name__}."
            )
        return self._build(found, inner, config, custom_objects)

    def _build(
        self,
        cls: type,
        inner: dict[str, Any],
        entry: dict[str, Any] | None,
        custom_objects: Mapping[str, Any] | None,
    ) -> Any:
        """Creates an instance of `cls` from its config (`entry` is the whole dict, if any)."""
        for key in self.nested_function_keys:
            value = inner.get(key)
            if value is not None and not callable(value):
                inner = {**inner, key: self.deserialize(value, custom_objects)}
        if hasattr(cls, "from_config"):
            return cls.from_config(inner)  # type: ignore[attr-defined]
        return cls(**inner)

    def resolve(
        self,
        name: str,
        config: dict[str, Any] | None = None,
        custom_objects: Mapping[str, Any] | None = None,
        function: bool = False,
    ) -> Any:
        """Returns the class or function `name` (in the entry `config`, if any) stands for.

        Raises:
            ValueError: If neither a user object nor an allowed built-in has that name.
        """
        registered = config.get("registered_name") if config else None
        if registered == "function" or not isinstance(registered, str):
            registered = None
        for key in (registered, name):
            found = registered_objects.find(key, custom_objects)
            if found is not None:
                return found
        module = config.get("module") if config else None
        found = self._find_builtin(name, module, function)
        if found is None and function and module == "builtins" and ">" not in name:
            found = registered_objects.find_by_bare_name(name, custom_objects)
        if found is None:
            raise ValueError(self._unknown_message(registered or name, module))
        return found

    def _find_builtin(self, name: str, module: Any, function: bool) -> Any:
        if function:
            allowed = module == "builtins" or is_builtin_module(module)
            return self.functions.get(name) if allowed else None
        if not is_builtin_module(module):
            return None
        found = self.builtins.get(name)
        return found if found is not None else self.functions.get(name)

    def _unknown_message(self, name: str, module: Any) -> str:
        where = f" (module {short_repr(module)})" if module else ""
        shown = short_repr(name)
        return (
            f"{self.package}: Unknown {self.kind} {shown}{where}. {self._valid_names()} "
            f"For a custom {self.kind}, decorate it with "
            "@lamina.saving.register_keras_serializable(), pass "
            f"custom_objects={{{shown}: {self.placeholder}}} to deserialize (or use a "
            f"lamina.saving.custom_object_scope), or pass the {self.kind} itself."
        )

    def _valid_names(self) -> str:
        names = sorted(set(self.builtins) | set(self.functions))
        return f"Valid names are {names}."


def _plain_functions(names: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in names.items() if inspect.isfunction(value)}


def _function_config(module: str, name: str) -> dict[str, Any]:
    return {"module": module, "class_name": "function", "config": name, "registered_name": name}
